package com.lealup.http.support;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;

/**
 * What a write answers when it committed but its read model did not show it within the read-your-writes timeout
 * (a lagging or stuck projection): {@code 202 Accepted}, {@code Location} the resource, and this body
 * ({@code {"id", "version", "status": "accepted"}}, plus {@code secret} when the write issued one). The write is
 * stored and takes effect once the projection catches up; a {@code GET} on {@code Location} then shows it.
 * A controller describes it before it waits ({@link ReadYourWrites#awaitOrAccept}) and marks the operation
 * {@link AcceptedWhenLagging} for the OpenAPI document; docs/conventions.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Accepted(@JsonIgnore URI location, String id, Long version, String status, String secret) {

    public static final String STATUS = "accepted";

    /** The write made {@code version} of the resource {@code id} at {@code location}. */
    public static Accepted of(String location, String id, long version) {
        return new Accepted(URI.create(location), id, version, STATUS, null);
    }

    /** A write that makes no new version of a resource (e.g. a health recalculation). */
    public static Accepted of(String location, String id) {
        return new Accepted(URI.create(location), id, null, STATUS, null);
    }

    /** The same, carrying a secret the write issued: the client gets it in no other answer. */
    public Accepted withSecret(String secret) {
        return new Accepted(location, id, version, status, secret);
    }
}
