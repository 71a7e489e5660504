package com.lealup.api.identity;

/**
 * The credential whose secret has this SHA-256 (hex), revoked ones included: answers
 * {@code Optional<Credential>}; as a subscription query, updates are {@link Credential}s (issued, revoked).
 * Present only once both the key and its workspace are in the read model.
 */
public record FindCredential(String secretHash) {
}
