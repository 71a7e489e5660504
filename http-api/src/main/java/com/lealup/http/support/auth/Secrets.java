package com.lealup.http.support.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** API key secrets: {@code lk_} + 32 random bytes in base64url, shown once; only their SHA-256 is kept. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String newApiKeySecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "lk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes: what events and the read model hold. */
    public static String sha256Hex(String token) {
        return hex(sha256(token));
    }

    /** {@link #sha256}'s digest as {@link #sha256Hex} writes it. */
    static String hex(byte[] sha256) {
        return HexFormat.of().formatHex(sha256);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
