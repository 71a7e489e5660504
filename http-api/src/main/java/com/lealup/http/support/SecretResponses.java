package com.lealup.http.support;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * {@code Cache-Control: no-store} on every answer that carries a secret: those of operations marked
 * {@link CarriesSecret} (a new API key, a new workspace's admin key, the notification signing secret, a webhook
 * subscription's signing secret, an OAuth state), and any {@link Accepted} body with a {@code secret}. Everything
 * else keeps {@code private} (docs/conventions.md). The marked operation's secret members are named to the idempotency
 * filter, which stores its answer without them.
 */
@RestControllerAdvice
class SecretResponses implements ResponseBodyAdvice<Object> {

    /**
     * Each operation's mark, looked up once: Spring looks a handler method's annotation up anew (merged, through its
     * hierarchy) at every call, 0.8 % of the server's samples in the create benchmark.
     */
    private final Map<Method, Optional<CarriesSecret>> marks = new ConcurrentHashMap<>();

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType,
                                  ServerHttpRequest request, ServerHttpResponse response) {
        CarriesSecret marked = marks.computeIfAbsent(returnType.getMethod(),
                method -> Optional.ofNullable(returnType.getMethodAnnotation(CarriesSecret.class))).orElse(null);
        boolean acceptedSecret = body instanceof Accepted accepted && accepted.secret() != null;
        if (marked != null || acceptedSecret) {
            response.getHeaders().setCacheControl(ResponseHeadersFilter.NO_STORE);
        }
        if (marked != null && request instanceof ServletServerHttpRequest servlet) {
            servlet.getServletRequest().setAttribute(CarriesSecret.MEMBERS_ATTRIBUTE, List.of(marked.value()));
        }
        return body;
    }
}
