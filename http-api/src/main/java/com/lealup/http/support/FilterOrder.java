package com.lealup.http.support;

import org.springframework.core.Ordered;

/** The order of the servlet filters every /v1 request passes, first to last. */
public final class FilterOrder {

    public static final int TRACE = Ordered.HIGHEST_PRECEDENCE;
    /** one line per request, with the status every later filter or the controller gave it */
    public static final int ACCESS_LOG = TRACE + 2;
    /** nosniff, Cache-Control: on every answer, also the filters' own (401, 429) */
    public static final int RESPONSE_HEADERS = TRACE + 5;
    /** preflights are answered here, before authentication asks for a token */
    public static final int CORS = TRACE + 15;
    public static final int AUTHENTICATION = TRACE + 20;
    public static final int RATE_LIMIT = TRACE + 30;
    /**
     * after authentication and the rate limit, which read no body: a body over the limit is a 413 with the
     * {@code X-RateLimit-*} headers of every limited answer, or the 401 of any request without a valid token
     */
    public static final int BODY_LIMIT = TRACE + 32;
    public static final int INPUT_HYGIENE = TRACE + 35;
    /**
     * buffers answers to clients that accept gzip, so Tomcat knows their length (compresses over 1 KB only), and
     * compresses versioned ones itself; before the idempotency filter, which records answers as the controller wrote them
     */
    public static final int COMPRESSION = TRACE + 38;
    public static final int IDEMPOTENCY = TRACE + 40;

    private FilterOrder() {
    }
}
