package com.lealup.api;

import java.security.SecureRandom;

/**
 * Prefixed, time-ordered, unguessable ids: {@code cus_01JD3...}. The body is a ULID (48-bit
 * millisecond timestamp, 80 random bits, Crockford base32), so ids sort by creation time.
 */
public final class Ids {

    public static final String CUSTOMER = "cus";
    public static final String CONTACT = "con";
    public static final String SEGMENT = "seg";
    public static final String WORKSPACE = "wsp";
    public static final String API_KEY = "key";
    public static final String USER = "usr";
    public static final String TERRITORY = "ter";
    public static final String TASK = "tsk";
    public static final String PLAYBOOK = "pbk";
    public static final String PLAYBOOK_RUN = "run";
    public static final String NOTIFICATION = "ntf";
    public static final String WEBHOOK = "whk";
    public static final String TRACE = "trc";
    public static final String EVENT = "evt";
    public static final String USAGE_BATCH = "ubt";

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        return prefix + "_" + ulid(System.currentTimeMillis());
    }

    /** A bare ULID of now, e.g. for trace ids. */
    public static String ulid() {
        return ulid(System.currentTimeMillis());
    }

    static String ulid(long millis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits as 16 base32 characters
        long high = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
        }
        long low = 0;
        for (int i = 5; i < 10; i++) {
            low = (low << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = CROCKFORD[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }

    /** Whether {@code id} has the shape of an id of this prefix (cheap syntactic check before any lookup). */
    public static boolean looksLike(String prefix, String id) {
        if (id == null || id.length() != prefix.length() + 27 || !id.startsWith(prefix + "_")) {
            return false;
        }
        for (int i = prefix.length() + 1; i < id.length(); i++) {
            if (java.util.Arrays.binarySearch(CROCKFORD, id.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
