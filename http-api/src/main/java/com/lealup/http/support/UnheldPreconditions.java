package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A write refuses a precondition it does not hold, rather than run unconditionally (RFC 9110 §13.1: a server
 * evaluates the condition before performing the method). {@code If-Match} is held by the writes that take it (the
 * PATCHes of the versioned resources: {@link ETags}); sent to any other write (a DELETE, a restore, a task's
 * completion) it is {@code 400 unsupported_precondition}, as {@code If-None-Match} and {@code If-Unmodified-Since} are
 * on every write (no write creates at a URI the client names, and no resource answers {@code Last-Modified}). A client
 * that guards a DELETE with the ETag it read learns that the guard would not hold, instead of deleting what changed.
 * Checked before the handler runs, so before its 403 and 404, as every malformed request is.
 */
@Component
class UnheldPreconditions implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final List<String> NEVER_HELD = List.of(HttpHeaders.IF_NONE_MATCH, HttpHeaders.IF_UNMODIFIED_SINCE);

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || !WRITES.contains(request.getMethod())) {
            return true;
        }
        for (String header : NEVER_HELD) {
            if (request.getHeader(header) != null) {
                throw unsupported(header + " is held by no write of this API: this " + request.getMethod()
                        + " would run whatever the resource is");
            }
        }
        if (request.getHeader(HttpHeaders.IF_MATCH) != null && !takesIfMatch(method)) {
            throw unsupported("If-Match is held by the PATCHes of versioned resources only: this "
                    + request.getMethod() + " would run whatever the resource's version is");
        }
        return true;
    }

    private static boolean takesIfMatch(HandlerMethod method) {
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
            if (header != null && (ETags.IF_MATCH.equalsIgnoreCase(header.name())
                    || ETags.IF_MATCH.equalsIgnoreCase(header.value()))) {
                return true;
            }
        }
        return false;
    }

    private static ApiException unsupported(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "unsupported_precondition", "Unsupported precondition", detail);
    }
}
