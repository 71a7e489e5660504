package com.lealup.http.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Gives the answers of clients that accept gzip a {@code Content-Length}, so Tomcat compresses only those over
 * {@code server.compression.min-response-size} (1 KB): without a length (Jackson streams its output) Tomcat
 * compresses every answer, however small. Answers are bounded (pages of at most 200 rows, the body limits), and
 * no endpoint streams. Every such answer says {@code Vary: Accept-Encoding}, compressed or not.
 */
@Component
@Order(FilterOrder.KNOWN_LENGTH)
class KnownLengthFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String acceptEncoding = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        if (acceptEncoding == null || !acceptEncoding.toLowerCase().contains("gzip")) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            // the encoding was chosen by Accept-Encoding, even where the answer is too small to compress (Tomcat then
            // says nothing): a cache must not serve this answer to a client that asked otherwise
            if (buffered.getHeaders(HttpHeaders.VARY).stream()
                    .noneMatch(vary -> vary.toLowerCase(Locale.ROOT).contains("accept-encoding"))) {
                buffered.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            }
            buffered.copyBodyToResponse();
        }
    }
}
