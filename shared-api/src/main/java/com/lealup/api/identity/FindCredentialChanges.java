package com.lealup.api.identity;

/**
 * The secret hashes whose {@link FindCredential} answer changed after change number {@code afterVersion}:
 * answers {@link CredentialChanges}. Token caches poll it to evict what changed on any node.
 */
public record FindCredentialChanges(long afterVersion) {
}
