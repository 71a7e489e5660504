package com.lealup.api;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What every email the API takes must look like, once trimmed: a user's, a contact's, and {@code owner_email}, which
 * names a user. A local part of 1 to 64 characters (RFC 5321), a domain of labels that are not empty, the last of 2
 * characters or more; no white space nor invisible character; at most {@value #MAX_LENGTH} characters. The write side and the http layer
 * enforce it; the OpenAPI document states it.
 */
public final class Emails {

    public static final int MAX_LENGTH = 320;
    /**
     * What {@link String#trim()} takes off around a value (controls and the ASCII space), which the API ignores there in
     * an email, an email domain or a webhook's URL: a pattern the OpenAPI document states allows it around the value.
     */
    public static final String TRIMMED = "[\\u0001-\\u0020]*";
    /**
     * As the OpenAPI document states it: no white space (ECMA-262's {@code \s}, any Unicode space and line
     * separator) and no {@link Characters#INVISIBLE} character, but what is {@link #TRIMMED} around it: with a
     * zero-width space after {@code ana}, {@code ana@lealup.com} would otherwise be a second user who reads exactly as
     * the first.
     */
    public static final String PATTERN = "^" + TRIMMED + "[^@\\s" + Characters.INVISIBLE + "]{1,64}@(?:[^@\\s."
            + Characters.INVISIBLE + "]+\\.)+[^@\\s." + Characters.INVISIBLE + "]{2,}" + TRIMMED + "$";
    /** ECMA-262's {@code \s} in Java, whose own is ASCII only: a no-break space would pass unseen. */
    private static final String ECMA_SPACE = "\\s\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF";
    private static final Pattern EMAIL = Pattern.compile(PATTERN.replace("\\s", ECMA_SPACE));

    private Emails() {
    }

    /**
     * The one form every email is stored and compared in: trimmed, lower-cased by Java's rules in the root locale,
     * composed (NFC, as RFC 6532 asks of an internationalised address): {@code josé} written with a combining accent
     * is the same user as {@code josé} written with one letter, as names are compared (Names.caseless).
     * PostgreSQL's {@code lower()} folds some letters otherwise ({@code İ} to {@code i}, where Java writes {@code i̇}),
     * so no lookup may fold in SQL what was folded here.
     */
    public static String normalised(String email) {
        return Normalizer.normalize(email.trim().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
    }

    /** Whether {@code email}, trimmed, has the shape of an email (its length is checked apart, in characters). */
    public static boolean looksValid(String email) {
        return EMAIL.matcher(email).matches();
    }
}
