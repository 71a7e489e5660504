package com.lealup.api.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * What a webhook's URL must be, a subscription's or a playbook {@code notify} action's target alike: an absolute
 * http(s) URL (the scheme in any case) with a host and a port a connection can go to, without credentials or a
 * fragment (which no delivery sends), whose host is no number with a leading zero and which holds no bidirectional
 * formatting character. Checked when it is written (400), and again at every delivery, for a target stored before
 * a rule came in. Where its host may resolve to is the SSRF guard's concern, not this shape's.
 */
public final class WebhookUrl {

    private WebhookUrl() {
    }

    /**
     * Why {@code url} is no webhook URL, worded to follow its name ({@code "url"}, {@code "a webhook target"}):
     * {@code " is not a valid URL"}, {@code "'s port must be 1 to 65535"}...; empty when it is one.
     */
    public static Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(" is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            return Optional.of(" must be an absolute http(s) URL with a host");
        }
        if (uri.getPort() != -1 && (uri.getPort() < 1 || uri.getPort() > 65_535)) {
            return Optional.of("'s port must be 1 to 65535");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of(" must not carry credentials or a fragment");
        }
        // Java reads 0177.0.0.1 as decimal (177.0.0.1), other clients as octal (127.0.0.1): what it stands for is
        // ambiguous
        if (uri.getHost().matches("[0-9.]*(^|\\.)0[0-9][0-9.]*")) {
            return Optional.of("'s host is a number with a leading zero, which reads as octal or decimal: write it "
                    + "without");
        }
        // RFC 3987 (4.1) keeps them out of IRIs: displayed, they reorder the URL around them, so that what a reader
        // sees is not where the deliveries go
        if (url.codePoints().anyMatch(c -> c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069))) {
            return Optional.of(" must not hold a bidirectional formatting character (such as U+202E)");
        }
        return Optional.empty();
    }
}
