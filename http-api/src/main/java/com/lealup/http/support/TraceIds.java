package com.lealup.http.support;

import com.lealup.api.Ids;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The trace id of the current request: set first thing by the trace filter, echoed in X-Trace-Id. */
final class TraceIds {

    public static final String HEADER = "X-Trace-Id";
    public static final String REQUEST_ATTRIBUTE = TraceIds.class.getName();
    public static final String MDC_KEY = "trace_id";
    public static final String TRACEPARENT = "traceparent";

    /** W3C Trace Context: {@code version-traceid-parentid-flags}, lowercase hex; version ff is invalid. */
    private static final Pattern TRACEPARENT_VALUE =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");

    private TraceIds() {
    }

    /**
     * The trace id of a valid {@code traceparent}, else null: the format of version 00 (later versions may append
     * fields after a dash), not version {@code ff}, neither the trace id nor the parent id all zeros.
     */
    static String fromTraceparent(String header) {
        if (header == null || header.length() > 512) {
            return null;
        }
        Matcher m = TRACEPARENT_VALUE.matcher(header.trim());
        if (!m.matches() || m.group(1).equals("ff") || (m.group(1).equals("00") && m.group(5) != null)
                || m.group(2).chars().allMatch(c -> c == '0') || m.group(3).chars().allMatch(c -> c == '0')) {
            return null;
        }
        return m.group(2);
    }

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(REQUEST_ATTRIBUTE);
        return id == null ? null : id.toString();
    }

    /**
     * The request's trace id, given it if it has none yet: its valid {@code traceparent}'s, else a new ULID. An error
     * dispatch of the same request keeps the id of its original dispatch.
     */
    static String assign(HttpServletRequest request) {
        String traceId = of(request);
        if (traceId == null) {
            traceId = fromTraceparent(request.getHeader(TRACEPARENT));
            if (traceId == null) {
                traceId = Ids.ulid();
            }
            request.setAttribute(REQUEST_ATTRIBUTE, traceId);
        }
        return traceId;
    }
}
