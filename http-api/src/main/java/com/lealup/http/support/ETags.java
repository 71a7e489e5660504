package com.lealup.http.support;

/** Strong ETags of single resources are their version, {@code "7"}; {@code If-Match} names the version a write expects. */
public final class ETags {

    public static final String IF_MATCH = "If-Match";

    private ETags() {
    }

    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /** The version an {@code If-Match} header expects; null without one or with {@code *}; 412 if it names no version. */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String tag = ifMatch.trim();
        if (tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                return Long.parseLong(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException ignored) {
                // answered below
            }
        }
        throw new ApiException(org.springframework.http.HttpStatus.PRECONDITION_FAILED, "version_mismatch",
                "Precondition failed", "If-Match must be an ETag this API issued, e.g. \"3\"");
    }
}
