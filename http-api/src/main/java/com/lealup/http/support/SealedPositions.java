package com.lealup.http.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Positions a cursor carries but must not show: a number drawn from one sequence for every workspace (the
 * webhook deliveries' order) would tell a tenant how many rows other tenants made between two of its pages. A
 * sealed position is the AES-GCM encryption of the number under the deployment's cursor key ({@code cursor_key},
 * one for every node), bound to its {@code context} (the list's own resource): unreadable, and a forged one, or one
 * of another list, does not open.
 */
@Component
public class SealedPositions {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKey key;

    SealedPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String seal(long position, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
            byte[] sealed = cipher.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(position).array());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot seal a position", e);
        }
    }

    /** The position {@link #seal} sealed for {@code context}; empty for anything else. */
    public OptionalLong open(String sealed, String context) {
        byte[] box;
        try {
            box = Base64.getUrlDecoder().decode(sealed);
        } catch (IllegalArgumentException notBase64) {
            return OptionalLong.empty();
        }
        if (box.length != NONCE_BYTES + Long.BYTES + TAG_BITS / 8) {
            return OptionalLong.empty();
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, box, context);
            return OptionalLong.of(ByteBuffer.wrap(cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES)).getLong());
        } catch (GeneralSecurityException forged) {
            return OptionalLong.empty();
        }
    }

    /** A cipher with the nonce that {@code startsWithNonce} starts with. */
    private Cipher cipher(int mode, byte[] startsWithNonce, String context) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, startsWithNonce, 0, NONCE_BYTES));
        cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private SecretKey key() {
        if (key == null) {
            // read once; every node reads the same row, so a cursor sealed by one opens on another
            key = new SecretKeySpec(jdbc.queryForObject("SELECT key FROM cursor_key WHERE id = 1", byte[].class), "AES");
        }
        return key;
    }
}
