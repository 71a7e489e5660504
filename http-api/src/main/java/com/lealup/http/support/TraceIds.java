package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;

/** The trace id of the current request: set first thing by the trace filter, echoed in X-Trace-Id. */
final class TraceIds {

    public static final String HEADER = "X-Trace-Id";
    public static final String REQUEST_ATTRIBUTE = TraceIds.class.getName();
    public static final String MDC_KEY = "trace_id";

    private TraceIds() {
    }

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(REQUEST_ATTRIBUTE);
        return id == null ? null : id.toString();
    }
}
