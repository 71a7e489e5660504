package com.lealup.write.webhook;

import java.net.InetAddress;
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

}
