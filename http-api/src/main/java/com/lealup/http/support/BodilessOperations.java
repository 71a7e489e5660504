package com.lealup.http.support;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A POST (or PATCH) that reads no body (no {@code @RequestBody}: {@code POST /v1/customers/{id}/restore},
 * {@code /health/recalculate}, an integration's {@code /connect}, ...) takes no body, or the empty JSON object
 * {@code {}}; any other body is refused as every endpoint refuses it, rather than ignored: not
 * {@code application/json} is 415, not JSON {@code malformed_json}, a member {@code unknown_field}. A client whose
 * body says something (a member it believes the operation reads) learns that it does not. "No body" is no bytes,
 * whatever the headers say (no {@code Content-Length}, a length of 0, a chunked body without data), so a client
 * that sends {@code Content-Type: application/json} on every request is fine.
 * <p>
 * A GET, HEAD or DELETE takes no body at all: HTTP gives theirs no meaning and the OpenAPI document (3.0) can describe
 * none, so any byte is {@code 400 malformed_json} ({@code DELETE /v1/customers/{id}} with {@code {"hard": true}}
 * learns that {@code hard} is a query parameter instead of being soft-deleted). So a DELETE's options are its query
 * parameters ({@link QueryParameters}).
 * <p>
 * Checked before the handler runs, after the handler is chosen (an endpoint that reads a body refuses its own
 * at the same point: before the controller, so before its 403 and 404).
 */
@Component
class BodilessOperations implements HandlerInterceptor, WebMvcConfigurer {

    /** The methods whose body the API defines (API.md: a POST or PATCH sends application/json). */
    static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");
    /** The methods whose body HTTP gives no meaning: no operation reads one. */
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "HEAD", "DELETE");

    private final MappingJackson2HttpMessageConverter json;

    BodilessOperations(RequestJson requestJson) {
        this.json = requestJson.converter();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException, HttpMediaTypeNotSupportedException {
        if (!(handler instanceof HandlerMethod method) || readsBody(method)
                || (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null)) {
            return true;
        }
        if (WITH_BODY.contains(request.getMethod())) {
            refuseAnyBodyButEmpty(request);
        } else if (WITHOUT_BODY.contains(request.getMethod())
                && (request.getContentLengthLong() > 0 || request.getInputStream().read() >= 0)) {
            throw ApiException.malformedJson("A " + request.getMethod() + " request takes no body: its options, if any, "
                    + "are query parameters");
        }
        return true;
    }

    private static boolean readsBody(HandlerMethod method) {
        for (var parameter : method.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                return true;
            }
        }
        return false;
    }

    private void refuseAnyBodyButEmpty(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
        byte[] body = CachedBodyRequest.body(request);
        if (body.length == 0) {
            return;
        }
        MediaType type;
        try {
            type = request.getContentType() == null ? null : MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_JSON.includes(type)) {
            throw new HttpMediaTypeNotSupportedException(type, List.of(MediaType.APPLICATION_JSON));
        }
        // the whole body is JSON before its members are judged, as a @RequestBody's tree is read whole: a truncated
        // {"x": "a is malformed, not an unknown field x
        json.read(JsonNode.class, new ServletServerHttpRequest(new CachedBodyRequest(request, body)));
        ServletServerHttpRequest message = new ServletServerHttpRequest(new CachedBodyRequest(request, body));
        if (json.read(Empty.class, message) == null) {
            // JSON null: what a @RequestBody answers to it
            throw new HttpMessageNotReadableException("Required request body is missing", message);
        }
    }

    /** The one body taken: an object without members (each member sent is an unknown field). */
    record Empty() {
    }
}
