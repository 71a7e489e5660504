package com.lealup.api;

import java.security.SecureRandom;
import java.util.Map;
import java.util.function.Supplier;

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
    public static final String JOB = "job";

    private static final Map<String, String> RESOURCE_NAMES = Map.ofEntries(Map.entry(CUSTOMER, "Customer"),
            Map.entry(CONTACT, "Contact"), Map.entry(SEGMENT, "Segment"), Map.entry(WORKSPACE, "Workspace"),
            Map.entry(API_KEY, "API key"), Map.entry(USER, "User"), Map.entry(TERRITORY, "Territory"),
            Map.entry(TASK, "Task"), Map.entry(PLAYBOOK, "Playbook"), Map.entry(PLAYBOOK_RUN, "Playbook run"),
            Map.entry(NOTIFICATION, "Notification"), Map.entry(WEBHOOK, "Webhook subscription"),
            Map.entry(EVENT, "Event"), Map.entry(JOB, "Job"));

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MASK_40 = (1L << 40) - 1;

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
        return ulid(millis, bits40(random, 0), bits40(random, 5));
    }

    /**
     * Ids for many things created at once (the events of an ingested batch): one random draw, then the random part
     * counts up, as ULID's monotonic mode does. They sort in creation order, and the draw, which is most of the cost
     * of an id, is made once. The ids after the first are predictable from it, so use this only where ids are not
     * secrets.
     */
    public static Supplier<String> sequence(String prefix) {
        long millis = System.currentTimeMillis();
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long[] next = {bits40(random, 0), bits40(random, 5)};
        return () -> {
            String id = prefix + "_" + ulid(millis, next[0], next[1]);
            next[1] = (next[1] + 1) & MASK_40;
            if (next[1] == 0) {
                next[0] = (next[0] + 1) & MASK_40;
            }
            return id;
        };
    }

    private static long bits40(byte[] bytes, int from) {
        long bits = 0;
        for (int i = from; i < from + 5; i++) {
            bits = (bits << 8) | (bytes[i] & 0xff);
        }
        return bits;
    }

    /** 48-bit milliseconds and 80 random bits (two halves of 40) as 26 Crockford base32 characters. */
    private static String ulid(long millis, long high, long low) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (millis & 31)];
            millis >>>= 5;
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

    /** What an id names by its prefix ({@code cus_...}: "Customer"); "Resource" for an id of no known prefix. */
    public static String resourceName(String id) {
        int underscore = id == null ? -1 : id.indexOf('_');
        return underscore < 0 ? "Resource" : RESOURCE_NAMES.getOrDefault(id.substring(0, underscore), "Resource");
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
