package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Collections;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * {@code If-None-Match: *} on a {@code GET}/{@code HEAD} (RFC 9110 §13.1.2): the resource has a current
 * representation, so {@code 304} without a body, with its {@code ETag}. Spring answers {@code 304} for a list of
 * ETags naming the current one ({@code ServletWebRequest.checkNotModified}), not for {@code *}.
 */
@RestControllerAdvice
class IfNoneMatchAny implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        if (!(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)) {
            return body;
        }
        HttpServletRequest req = servletRequest.getServletRequest();
        HttpServletResponse res = servletResponse.getServletResponse();
        boolean safe = "GET".equals(req.getMethod()) || "HEAD".equals(req.getMethod());
        if (safe && res.getStatus() == HttpStatus.OK.value() && response.getHeaders().getETag() != null
                && anyMatches(req)) {
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return null;
        }
        return body;
    }

    private static boolean anyMatches(HttpServletRequest request) {
        return Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH)).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .anyMatch(tag -> tag.trim().equals("*"));
    }
}
