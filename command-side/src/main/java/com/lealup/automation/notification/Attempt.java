package com.lealup.automation.notification;

import java.time.Duration;

/**
 * What one delivery attempt gave. Reasons are the stable codes of {@code NotificationFailed}; a webhook target's
 * refusals ({@code invalid_target}, {@code target_not_allowed}) are the {@code WebhookSender}'s.
 */
sealed interface Attempt {

    String INTEGRATION_NOT_CONNECTED = "integration_not_connected";
    String TARGET_REJECTED = "target_rejected";
    String TARGET_UNAVAILABLE = "target_unavailable";
    String TARGET_UNREACHABLE = "target_unreachable";
    String RETRIES_EXHAUSTED = "retries_exhausted";

    record Delivered() implements Attempt {
    }

    /** Retrying cannot help (bad target, not connected, refused): fail now. */
    record Permanent(String reason, String detail) implements Attempt {
    }

    /** Worth another try; {@code retryAfter} is the target's own wish (Retry-After), null when it has none. */
    record Retry(String reason, String detail, Duration retryAfter) implements Attempt {
    }
}
