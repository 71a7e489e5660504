package com.lealup.api.integration;

import java.time.Instant;

/** {@code pendingUntil} is set while pending; {@code error} while in error. */
public record IntegrationView(String name, String status, Instant connectedAt, Instant pendingUntil, String error,
                              Instant updatedAt, long version) {
}
