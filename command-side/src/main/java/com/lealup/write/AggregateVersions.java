package com.lealup.write;

import com.lealup.api.DomainRejection;
import com.lealup.api.Written;
import org.axonframework.modelling.command.AggregateLifecycle;

/**
 * The API's version of a resource is the number of events of its aggregate (Axon's version is the last
 * sequence number): what ETag shows, If-Match names and read-your-writes waits for.
 */
public final class AggregateVersions {

    private AggregateVersions() {
    }

    /** The version of the aggregate whose handler is running, counting the events it applied so far. */
    public static long current() {
        Long sequence = AggregateLifecycle.getVersion();
        return sequence == null ? 0 : sequence + 1;
    }

    /** A write's answer: the current version, and whether the handler applied an event. */
    public static Written written(boolean changed) {
        return new Written(current(), changed);
    }

    /** The current version, after checking it is {@code expected} (an If-Match); null expects nothing. */
    public static long require(Long expected) {
        long current = current();
        if (expected != null && expected != current) {
            throw DomainRejection.versionMismatch(expected, current);
        }
        return current;
    }
}
