package com.lealup.write.webhook;

import java.time.Instant;
import java.util.List;

/** The secrets a subscription's deliveries are signed with, for the delivery policy. Implemented by {@link WebhookSecrets}. */
public interface WebhookSecretsPort {

    /**
     * The current secret first, then each secret rotated out less than 24 h ago, the latest first; empty once the
     * subscription is gone.
     */
    List<String> signing(String subscriptionId, Instant now);
}
