package com.lealup.http.support;

/**
 * Whether bytes are well-formed UTF-8 (Unicode's table 3-7). JSON parsers read some ill-formed sequences as
 * characters: an overlong {@code C0 80} as U+0000, which PostgreSQL cannot store, past every check of the decoded text;
 * {@code ED A0 80 ED B0 80} (CESU-8) as a surrogate pair. A body is refused as a whole instead: it is not UTF-8, so not
 * JSON (RFC 8259).
 */
public final class WellFormedUtf8 {

    private WellFormedUtf8() {
    }

    /** The offset of the first byte of the first ill-formed sequence in {@code bytes}, or -1 if there is none. */
    public static int firstIllFormed(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int length;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                if (lead == 0xE0) {
                    secondMin = 0xA0; // below: overlong
                } else if (lead == 0xED) {
                    secondMax = 0x9F; // above: a surrogate
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                if (lead == 0xF0) {
                    secondMin = 0x90; // below: overlong
                } else if (lead == 0xF4) {
                    secondMax = 0x8F; // above: past U+10FFFF
                }
            } else {
                return i; // a continuation byte, C0, C1 (overlong) or F5..FF
            }
            if (i + length > bytes.length) {
                return i;
            }
            int second = bytes[i + 1] & 0xFF;
            if (second < secondMin || second > secondMax) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }

    /** Refuses bytes that are not well-formed UTF-8 as malformed JSON, saying where. */
    public static void require(byte[] body) {
        int at = firstIllFormed(body);
        if (at >= 0) {
            throw ApiException.malformedJson("The request body is not valid UTF-8 (byte " + at + ")");
        }
    }
}
