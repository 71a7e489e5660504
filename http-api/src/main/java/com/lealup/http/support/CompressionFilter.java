package com.lealup.http.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * gzip for JSON when the client accepts it (API.md §1), over {@code server.compression.min-response-size} (1 KB).
 * <ul>
 * <li>An answer without a strong {@code ETag} (a page, a problem) is Tomcat's to compress. It gets a
 * {@code Content-Length} here, so Tomcat compresses only those over the minimum: without a length (Jackson streams its
 * output) it compresses every answer, however small.</li>
 * <li>An answer with a strong {@code ETag} (a versioned resource, and the writes that answer one) Tomcat never
 * compresses, so it is compressed here. It keeps its tag: API.md makes the {@code ETag} the aggregate's version,
 * which {@code If-Match} and {@code If-None-Match} name whichever coding the client took (docs/conventions.md,
 * Compression).</li>
 * </ul>
 * Before the idempotency filter, which records and replays the answer as the controller wrote it. Answers are bounded
 * (pages of at most 200 rows, the body limits), and no endpoint streams. Every answer says
 * {@code Vary: Accept-Encoding}, compressed or not.
 */
@Component
@Order(FilterOrder.COMPRESSION)
class CompressionFilter extends OncePerRequestFilter {

    private final int minSize;

    CompressionFilter(@Value("${server.compression.min-response-size:1KB}") DataSize minSize) {
        this.minSize = (int) minSize.toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // every answer's encoding is chosen by Accept-Encoding, even one too small to compress or asked without it
        // (Tomcat says so only on what it considered compressing): a cache must not serve it to a client that asked
        // otherwise. Tomcat adds no second one.
        response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        String acceptEncoding = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        // as Tomcat reads it: gzip named, whatever its weight
        if (acceptEncoding == null || !acceptEncoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            chain.doFilter(request, response);
            return;
        }
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, buffered);
        } finally {
            String tag = buffered.getHeader(HttpHeaders.ETAG);
            boolean versioned = tag != null && tag.startsWith("\"");
            if (versioned && buffered.getContentSize() >= minSize && isJson(buffered.getContentType())
                    && buffered.getHeader(HttpHeaders.CONTENT_ENCODING) == null && acceptsGzip(request)) {
                byte[] gzipped = gzip(buffered.getContentAsByteArray());
                buffered.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
                response.setContentLength(gzipped.length);
                // the wrapper's headers are the response's: only its buffered body is left behind
                response.getOutputStream().write(gzipped);
            } else {
                buffered.copyBodyToResponse();
            }
        }
    }

    /**
     * Whether {@code Accept-Encoding} names {@code gzip} with a weight above 0 (RFC 9110 §12.5.3). Tomcat reads no weight
     * for the answers it compresses.
     */
    private static boolean acceptsGzip(HttpServletRequest request) {
        for (Enumeration<String> headers = request.getHeaders(HttpHeaders.ACCEPT_ENCODING); headers.hasMoreElements(); ) {
            for (String coding : headers.nextElement().split(",")) {
                String[] parts = coding.split(";");
                if (parts[0].trim().equalsIgnoreCase("gzip") && !zeroWeight(parts)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean zeroWeight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                return parameter.substring(2).trim().matches("0(\\.0{0,3})?");
            }
        }
        return false;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type = MediaType.parseMediaType(contentType);
        return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
                || MediaType.APPLICATION_PROBLEM_JSON.equalsTypeAndSubtype(type);
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        }
        return out.toByteArray();
    }
}
