package com.lealup.api;

/**
 * What a write that may change nothing (a partial update sending the values already stored) answers: its aggregate's
 * version after it, and whether it applied an event. A write that changed its aggregate makes a version no read
 * model can show before its command committed, which lets the API wait for it without reading first.
 */
public record Written(long version, boolean changed) {
}
