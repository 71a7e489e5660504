package com.lealup.http.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * Strong ETags of single resources are their version, {@code "7"}; {@code If-Match} names the version a write expects.
 * RFC 9110 §13.1.1: {@code If-Match} is {@code *} or a list of entity tags compared strongly (a weak tag
 * {@code W/"7"} never matches). {@code If-None-Match} of a {@code GET} (a list, or {@code *}) is Spring's
 * ({@code ServletWebRequest.checkNotModified}: {@code 304}).
 */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    /** One entity tag of a list: optional weakness prefix and the quoted opaque tag. */
    private static final Pattern ENTITY_TAG = Pattern.compile("\\s*(W/)?\"([^\"]*)\"\\s*(,|$)");

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header of a single ETag expects; null without one or with {@code *}; 412 if
     * it names no version. A list of several ETags needs the current version: {@link #expectedVersion(String, LongSupplier)}.
     */
    public static Long expectedVersion(String ifMatch) {
        return expectedVersion(ifMatch, () -> {
            throw failed("If-Match must name a single ETag on this endpoint");
        });
    }

    /**
     * The version an {@code If-Match} header expects: null without one or with {@code *}; the version its single
     * ETag names; for a list, the current version (read through {@code current}) when the list names it, else
     * {@code 412}. The write then fails with {@code 412} if the resource changed since, so the check and the write
     * are one. Weak tags and tags that are no version this API issued never match.
     */
    public static Long expectedVersion(String ifMatch, LongSupplier current) {
        // an empty If-Match is a list of no ETag, which nothing matches: a client whose ETag went missing is told so
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return null;
        }
        List<Long> versions = new ArrayList<>();
        Matcher m = ENTITY_TAG.matcher(ifMatch);
        int at = 0;
        while (at < ifMatch.length() && m.find(at) && m.start() == at) {
            if (m.group(1) == null) {
                Long version = parse(m.group(2));
                if (version != null) {
                    versions.add(version);
                }
            }
            at = m.end();
        }
        if (at < ifMatch.length() || versions.isEmpty()) {
            throw failed("If-Match must list ETags this API issued, e.g. \"3\" or \"3\", \"4\"");
        }
        if (versions.size() == 1) {
            return versions.get(0);
        }
        long now = current.getAsLong();
        if (!versions.contains(now)) {
            throw failed("None of the ETags of If-Match is the current version " + of(now));
        }
        return now;
    }

    /** The version a tag is, compared strongly: only as this API writes it, so {@code "01"} or {@code "+1"} is none. */
    private static Long parse(String tag) {
        try {
            long version = Long.parseLong(tag);
            return version >= 0 && Long.toString(version).equals(tag) ? version : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ApiException failed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "version_mismatch", "Precondition failed", detail);
    }
}
