package com.lealup.write.webhook;

import java.time.Instant;
import java.util.List;

/** The secrets a subscription's deliveries are signed with, for the delivery policy. Implemented by {@link WebhookSecrets}. */
public interface WebhookSecretsPort {

    /** The current secret first and, for 24 h after a rotation, the previous one; empty once the subscription is gone. */
    List<String> signing(String subscriptionId, Instant now);
}
