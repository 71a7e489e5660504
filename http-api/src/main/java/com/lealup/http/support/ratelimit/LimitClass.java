package com.lealup.http.support.ratelimit;

/**
 * The endpoint classes that have a rate limit of their own, per workspace; the requests of the operator token, and
 * those to the public endpoints per client address ({@link RateLimitGate}); and the failed authentications of a
 * client address ({@link AuthenticationFailures}).
 */
public enum LimitClass {
    READS, WRITES, INGEST, BULK, EVENTS_QUERY, OPERATOR, PUBLIC, AUTH_FAILURES;

    /**
     * The class of a request by its {@link com.lealup.http.support.RoutedPath routed path}; the specific endpoints
     * first, then reads (GET, HEAD, and OPTIONS, which changes nothing either) and writes (the rest).
     */
    static LimitClass of(String method, String path) {
        boolean read = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        if ("/v1/events".equals(path)) {
            return read ? EVENTS_QUERY : INGEST;
        }
        if (!read && "/v1/customers/bulk-import".equals(path)) {
            return BULK;
        }
        return read ? READS : WRITES;
    }

    /** As stored in {@code rate_limit_window.limit_class} and shown in problems. */
    String key() {
        return name().toLowerCase();
    }
}
