package com.lealup.api.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The form of a Standard Webhooks signing secret, for webhook subscriptions and the playbook notify action alike:
 * {@code whsec_} + base64 of 32 random bytes; the HMAC key is the decoded bytes.
 */
public final class SigningSecrets {

    public static final String PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SigningSecrets() {
    }

    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The HMAC key of a secret; IllegalArgumentException when it is not of this form. */
    public static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Not a whsec_ secret");
        }
        return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    }
}
