package com.lealup.api;

/**
 * What a write that may change nothing (a partial update sending the values already stored) answers: its aggregate's
 * version after it, and whether it applied an event. A write that changed its aggregate makes a version no read
 * model can show before its command committed, which lets the API wait for it without reading first.
 */
public record Written(long version, boolean changed) {

    /** A creation: the aggregate's first version. */
    public static Written creation() {
        return new Written(1, true);
    }

    /** A write whose command always applies an event or is refused, which made {@code version}. */
    public static Written change(long version) {
        return new Written(version, true);
    }
}
