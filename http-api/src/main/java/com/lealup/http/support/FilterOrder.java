package com.lealup.http.support;

import org.springframework.core.Ordered;

/** The order of the servlet filters every /v1 request passes, first to last. */
public final class FilterOrder {

    public static final int TRACE = Ordered.HIGHEST_PRECEDENCE;
    public static final int BODY_LIMIT = TRACE + 10;
    public static final int AUTHENTICATION = TRACE + 20;
    public static final int RATE_LIMIT = TRACE + 30;
    public static final int INPUT_HYGIENE = TRACE + 35;
    public static final int IDEMPOTENCY = TRACE + 40;

    private FilterOrder() {
    }
}
