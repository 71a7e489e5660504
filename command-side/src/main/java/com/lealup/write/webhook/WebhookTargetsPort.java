package com.lealup.write.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The SSRF guard, for the policies that deliver webhooks: where a delivery to a host may connect, checked again at
 * every attempt after resolving it. Implemented by {@link TargetGuard}, which also refuses a subscription's URL.
 */
public interface WebhookTargetsPort {

    /** Where a delivery may connect ({@code address}), or why it may not ({@code refusal}). */
    record Verdict(InetAddress address, String refusal) {
        static Verdict refused(String refusal) {
            return new Verdict(null, refusal);
        }
    }

    /** The address to connect to for {@code host} (the first it resolves to), if every one of them is allowed. */
    Verdict check(String host) throws UnknownHostException;

    /** Whether a URL's port is one a connection can go to: absent (the scheme's) or 1 to 65535. */
    static boolean hasUsablePort(URI url) {
        return url.getPort() == -1 || (url.getPort() >= 1 && url.getPort() <= 65_535);
    }

    /**
     * Whether a URL holds a bidirectional formatting character (U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069),
     * which RFC 3987 (4.1) keeps out of IRIs: displayed, it reorders the URL around it, so that what a reader sees is
     * not where the deliveries go.
     */
    static boolean hasBidiControls(URI url) {
        return url.toString().codePoints().anyMatch(c -> c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069));
    }

    /**
     * Whether a URL's host is digits and dots with a part that starts with a zero ({@code 0177.0.0.1}): Java reads
     * its parts as decimal (177.0.0.1), other clients as octal (127.0.0.1), so what it stands for is ambiguous, and
     * it is refused.
     */
    static boolean hasAmbiguousHost(URI url) {
        return url.getHost() != null && url.getHost().matches("[0-9.]*(^|\\.)0[0-9][0-9.]*");
    }
}
