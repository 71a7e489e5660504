package com.lealup.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (OAuth tokens, signing secrets) with AES-256-GCM ({@link AesGcm}); {@code context}
 * (e.g. "wsp_1/slack") is authenticated data, so a ciphertext moved to another row does not decrypt. It also
 * {@linkplain #mac authenticates} values with a key derived from the same one, so nobody without it can tell what a
 * digest stands for. The key is
 * {@code lealup.encryption.key} (base64 of 32 bytes); in standalone mode (embedded database) a missing key is
 * generated once into {@code <data-dir>/encryption.key}. With an external database the key must be configured, since
 * every node must share it.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    static final String KEY_FILE = "encryption.key";

    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    /** Derived from the encryption key: one key for one use. */
    private final SecretKeySpec macKey;

    @Autowired
    SecretBox(@Value("${lealup.encryption.key:}") String configuredKey, @Value("${lealup.db.url:}") String externalDb,
              @Value("${lealup.data-dir:./data}") Path dataDir) {
        this(decodeKey(configuredKey.isBlank() ? standaloneKey(externalDb, dataDir) : configuredKey));
    }

    SecretBox(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        byte[] derived = hmac(new SecretKeySpec(key, HMAC), "lealup mac key".getBytes(StandardCharsets.UTF_8));
        this.macKey = new SecretKeySpec(derived, HMAC);
    }

    /** HMAC-SHA256 of {@code value} under {@code context} (e.g. "bootstrap-key-id"): the same on every node. */
    public byte[] mac(String context, String value) {
        return hmac(macKey, (context + "\0" + value).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot compute an HMAC", e);
        }
    }

    public byte[] encrypt(String plain, String context) {
        try {
            return AesGcm.seal(key, context.getBytes(StandardCharsets.UTF_8), plain.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    public String decrypt(byte[] box, String context) {
        try {
            return new String(AesGcm.open(key, context.getBytes(StandardCharsets.UTF_8), box), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot decrypt a secret of " + context + " (wrong encryption key?)", e);
        }
    }

    private static byte[] decodeKey(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length != 32) {
            throw new IllegalStateException("lealup.encryption.key must be base64 of 32 bytes, not " + key.length);
        }
        return key;
    }

    private static String standaloneKey(String externalDb, Path dataDir) {
        if (!externalDb.isBlank()) {
            throw new IllegalStateException("LEALUP_ENCRYPTION_KEY (base64 of 32 random bytes) is required with an "
                    + "external database: every node must share it");
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardOpenOption.CREATE_NEW);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the data directory's own protection applies
                }
                log.warn("Generated the encryption key of secrets at rest in {}: back it up with the data", file);
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}
