package com.lealup.http.support.auth;

import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator token ({@code lealup.operator-token}, env {@code LEALUP_OPERATOR_TOKEN}): the only credential of
 * {@code POST /v1/workspaces}. Unset, nothing matches it.
 */
@Component
class OperatorToken {

    private final byte[] hash;

    OperatorToken(@Value("${lealup.operator-token:}") String token) {
        this.hash = token.isEmpty() ? null : Secrets.sha256(token);
    }

    /**
     * Whether the token of this SHA-256 ({@link Secrets#sha256}) is the operator token. Compares hashes, fixed length,
     * in constant time: the timing tells nothing about the token.
     */
    boolean matches(byte[] tokenHash) {
        return hash != null && MessageDigest.isEqual(hash, tokenHash);
    }
}
