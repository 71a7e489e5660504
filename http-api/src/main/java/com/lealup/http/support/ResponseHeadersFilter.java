package com.lealup.http.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers every answer carries, set before anything else can answer (filters' 401s and 429s, problems,
 * actuator): {@code X-Content-Type-Options: nosniff} and {@code Cache-Control: private}. An answer that carries a
 * secret replaces the latter with {@code no-store} ({@link SecretResponses}); whoever sets {@code Cache-Control}
 * later replaces the default, never adds a second one. An empty {@code Accept-Patch} (Spring's OPTIONS answer names
 * one on every path, the media types of its PATCHes, none where there is no PATCH) is not sent. Also lets a client
 * that accepts {@code application/problem+json} only reach JSON endpoints (their answers are {@code application/json},
 * their errors problem+json) instead of a {@code 406}.
 */
@Component
@Order(FilterOrder.RESPONSE_HEADERS)
class ResponseHeadersFilter extends OncePerRequestFilter {

    static final String NOSNIFF = "X-Content-Type-Options";
    static final String PRIVATE = "private";
    static final String NO_STORE = "no-store";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!response.isCommitted()) {
            response.setHeader(NOSNIFF, "nosniff");
            if (response.getHeader(HttpHeaders.CACHE_CONTROL) == null) {
                response.setHeader(HttpHeaders.CACHE_CONTROL, PRIVATE);
            }
        }
        chain.doFilter(acceptingJson(request), new DownstreamHeaders(response));
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** {@code Accept: application/problem+json} without any JSON type: JSON added, so the endpoint can answer. */
    private static HttpServletRequest acceptingJson(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.toLowerCase().contains(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
            return request;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        } catch (InvalidMediaTypeException e) {
            return request;
        }
        if (types.stream().anyMatch(t -> t.includes(MediaType.APPLICATION_JSON))) {
            return request;
        }
        // JSON first: answers that are not problems stay application/json, problems set their own type
        String widened = MediaType.APPLICATION_JSON_VALUE + ", "
                + String.join(", ", Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? widened : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(widened))
                        : super.getHeaders(name);
            }
        };
    }

    /**
     * Cache-Control set or added anywhere downstream replaces the default instead of adding to it; an empty
     * Accept-Patch is dropped.
     */
    private static final class DownstreamHeaders extends HttpServletResponseWrapper {

        DownstreamHeaders(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!emptyAcceptPatch(name, value)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            } else if (!emptyAcceptPatch(name, value)) {
                super.addHeader(name, value);
            }
        }

        private static boolean emptyAcceptPatch(String name, String value) {
            return HttpHeaders.ACCEPT_PATCH.equalsIgnoreCase(name) && (value == null || value.isBlank());
        }
    }
}
