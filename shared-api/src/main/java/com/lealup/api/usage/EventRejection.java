package com.lealup.api.usage;

/** Why the event at {@code index} of a batch was refused, e.g. {@code unknown_customer}. */
public record EventRejection(int index, String code, String message) {

    public static final String MISSING_TYPE = "missing_type";
    public static final String MISSING_CUSTOMER = "missing_customer";
    public static final String UNKNOWN_CUSTOMER = "unknown_customer";
    public static final String INVALID_TIMESTAMP = "invalid_timestamp";
    public static final String TIMESTAMP_IN_FUTURE = "timestamp_in_future";
    public static final String TIMESTAMP_TOO_OLD = "timestamp_too_old";
    public static final String INVALID_EVENT = "invalid_event";
    public static final String INVALID_PROPERTY = "invalid_property";
}
