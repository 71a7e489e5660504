package com.lealup.write;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM as every secret at rest here is sealed: a random 12-byte nonce stored before the ciphertext and its 128-bit
 * tag, and authenticated data that binds the box to its place (a box moved to another row or customer does not open).
 * Used by the master key's secrets ({@code SecretBox}) and the customers' personal data in events.
 */
public final class AesGcm {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A cipher and a random per thread: looking them up and seeding them cost more than sealing a value. */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No AES-GCM on this JVM", e);
        }
    });
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private AesGcm() {
    }

    /** nonce | ciphertext | tag of {@code plain}, bound to {@code context}. */
    public static byte[] seal(SecretKey key, byte[] context, byte[] plain) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(context);
        byte[] sealed = cipher.doFinal(plain);
        return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    }

    /** The plain bytes of a {@link #seal sealed} box; fails unless it was sealed with this key and context. */
    public static byte[] open(SecretKey key, byte[] context, byte[] box) throws GeneralSecurityException {
        Cipher cipher = CIPHER.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
        cipher.updateAAD(context);
        return cipher.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
    }
}
