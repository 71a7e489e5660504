package com.lealup.http.support;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 413 for a request body over its limit: at once when {@code Content-Length} says so, otherwise (chunked
 * bodies, lying lengths) as soon as reading the body passes the limit. Runs after authentication and the rate limit
 * ({@link FilterOrder#BODY_LIMIT}), which decide by the headers alone: so a 413 carries the {@code X-RateLimit-*}
 * headers as every limited answer does, and a request without a valid token is the 401 it would be with any body.
 */
@Component
@Order(FilterOrder.BODY_LIMIT)
@EnableConfigurationProperties(BodyLimitProperties.class)
class BodyLimitFilter extends OncePerRequestFilter {

    private final BodyLimitProperties properties;
    private final ProblemWriter problems;

    BodyLimitFilter(BodyLimitProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = properties.limitFor(request.getMethod(), RoutedPath.of(request));
        if (request.getContentLengthLong() > limit) {
            problems.write(request, response, new BodyTooLargeException(limit).toApiException());
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, limit), response);
        } catch (IOException | ServletException | RuntimeException e) {
            // a filter after this one read past the limit (Spring MVC answers that itself, see ProblemAdvice)
            if (NestedExceptionUtils.getMostSpecificCause(e) instanceof BodyTooLargeException tooLarge && !response.isCommitted()) {
                response.resetBuffer();
                problems.write(request, response, tooLarge.toApiException());
                return;
            }
            throw e;
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingInputStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                Charset charset = getCharacterEncoding() == null ? StandardCharsets.UTF_8 : Charset.forName(getCharacterEncoding());
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class CountingInputStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long count;

        CountingInputStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws BodyTooLargeException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
