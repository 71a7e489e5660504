package com.lealup.api.identity;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Issues an API key. Carries only the SHA-256 (hex) of the secret: the secret itself never reaches the event
 * store. Idempotent by id (answers {@code true} only when it issued the key), so the bootstrap key, whose id
 * derives from its hash, is issued once however often the server starts.
 */
public record IssueApiKey(@TargetAggregateIdentifier String keyId, String workspaceId, String name, String role,
                          List<String> scopes, String userId, String secretHash) {
}
