package com.lealup.write.webhook;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import com.lealup.api.Characters;
import com.lealup.api.DomainRejection;
import com.lealup.api.Names;
import com.lealup.api.StorableText;
import com.lealup.api.Texts;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.Written;
import com.lealup.api.webhook.CreateWebhookSubscription;
import com.lealup.api.webhook.DeleteWebhookSubscription;
import com.lealup.api.webhook.DisableWebhookSubscription;
import com.lealup.api.webhook.EnableWebhookSubscription;
import com.lealup.api.webhook.ReplayWebhookEvents;
import com.lealup.api.webhook.RotateWebhookSecret;
import com.lealup.api.webhook.SigningSecrets;
import com.lealup.api.webhook.UpdateWebhookSubscription;
import com.lealup.api.webhook.WebhookEventTypes;
import com.lealup.api.webhook.WebhookReplayRequested;
import com.lealup.api.webhook.WebhookSecretRotated;
import com.lealup.api.webhook.WebhookSubscriptionCreated;
import com.lealup.api.webhook.WebhookSubscriptionDeleted;
import com.lealup.api.webhook.WebhookSubscriptionDisabled;
import com.lealup.api.webhook.WebhookSubscriptionEnabled;
import com.lealup.api.webhook.WebhookSubscriptionUpdated;
import com.lealup.api.webhook.WebhookUrl;
import com.lealup.write.AggregateVersions;
import com.lealup.write.Validation;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A webhook subscription: a URL that receives the workspace's events of some types, signed with the
 * subscription's secret. Enabled until its owner deletes it or the delivery policy disables it (an endpoint that
 * kept failing); its owner enables it again, and may change its URL, types and description (its id and secret stay).
 */
@Aggregate
class WebhookSubscription {

    static final int MAX_URL_LENGTH = CreateWebhookSubscription.MAX_URL_LENGTH;
    static final int MAX_DESCRIPTION_LENGTH = CreateWebhookSubscription.MAX_DESCRIPTION_LENGTH;
    /** How long a secret rotated out keeps signing beside the new one (a signature each, as Standard Webhooks allows). */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    /** Secrets rotated out that may sign at once: each adds a signature to every delivery's header. */
    static final int MAX_RETIRED_SIGNING = 5;
    /** How far back a replay may reach (API.md section 10). */
    static final Duration REPLAY_WINDOW = Duration.ofDays(30);

    @AggregateIdentifier
    private String subscriptionId;
    private String workspaceId;
    private boolean disabled;
    /** What its owner chose, so that a PATCH repeating it is no change and a URL kept is not resolved again. */
    private Settings settings;
    /** Until when each secret rotated out signs (WebhookSecretRotated.previousValidUntil), the lapsed ones dropped. */
    private final List<Instant> retiredSecretsSignUntil = new ArrayList<>();

    WebhookSubscription() {
        // for Axon
    }

    /** What the owner chooses of a subscription: where its deliveries go, of which types, and a note. */
    private record Settings(String url, List<String> events, String description) {

        /** Each type once, in the order first given: as the events and the state hold them. */
        Settings deduplicated() {
            return new Settings(url, events.stream().distinct().toList(), description);
        }
    }

    @CommandHandler
    WebhookSubscription(CreateWebhookSubscription command, WebhookTargetsPort guard, WebhookSecrets secrets,
                        Clock clock) {
        requireSecret(command.secret());
        Settings asked = new Settings(command.url(), command.events(), command.description());
        requireAcceptable(asked, null, guard);
        Settings initial = asked.deduplicated();
        secrets.store(command.subscriptionId(), command.workspaceId(), command.secret());
        apply(new WebhookSubscriptionCreated(command.subscriptionId(), command.workspaceId(), initial.url(),
                initial.events(), initial.description(), clock.instant()));
    }

    /**
     * A PATCH: what it does not name stays. One that changes nothing writes no event (its version kept); a URL it
     * does not change is not resolved again.
     */
    @CommandHandler
    Written handle(UpdateWebhookSubscription command, WebhookTargetsPort guard, Clock clock) {
        requireWorkspace(command.workspaceId());
        AggregateVersions.require(command.expectedVersion());
        Settings asked = new Settings(or(command.url(), settings.url()), or(command.events(), settings.events()),
                command.cleared().contains(UpdateWebhookSubscription.DESCRIPTION) ? null
                        : or(command.description(), settings.description()));
        Settings next = asked.deduplicated();
        if (next.equals(settings)) {
            return AggregateVersions.written(false);
        }
        requireAcceptable(asked, settings, guard);
        apply(new WebhookSubscriptionUpdated(subscriptionId, workspaceId, next.url(), next.events(), next.description(),
                clock.instant()));
        return AggregateVersions.written(true);
    }

    @CommandHandler
    long handle(DeleteWebhookSubscription command, WebhookSecrets secrets, Clock clock) {
        requireWorkspace(command.workspaceId());
        secrets.forget(subscriptionId);
        apply(new WebhookSubscriptionDeleted(subscriptionId, workspaceId, clock.instant()));
        return AggregateVersions.current();
    }

    @CommandHandler
    long handle(RotateWebhookSecret command, WebhookSecrets secrets, Clock clock) {
        requireWorkspace(command.workspaceId());
        requireSecret(command.secret());
        Instant now = clock.instant();
        List<Instant> stillSigning = retiredSecretsSignUntil.stream().filter(now::isBefore).toList();
        if (stillSigning.size() >= MAX_RETIRED_SIGNING) {
            String nextRotationAt = UtcTimestamps.formatMicros(Collections.min(stillSigning));
            throw DomainRejection.conflict("too_many_rotations", "Webhook subscription '" + subscriptionId
                    + "' has " + MAX_RETIRED_SIGNING + " secrets rotated out in the last "
                    + ROTATION_OVERLAP.toHours() + " hours still signing; rotate again from " + nextRotationAt,
                    Map.of("next_rotation_at", nextRotationAt));
        }
        Instant previousValidUntil = now.plus(ROTATION_OVERLAP);
        secrets.rotate(subscriptionId, command.secret(), previousValidUntil, now);
        apply(new WebhookSecretRotated(subscriptionId, workspaceId, previousValidUntil, now));
        return AggregateVersions.current();
    }

    /** From the delivery policy; a subscription already disabled stays as it is. */
    @CommandHandler
    long handle(DisableWebhookSubscription command, Clock clock) {
        requireWorkspace(command.workspaceId());
        if (!disabled) {
            apply(new WebhookSubscriptionDisabled(subscriptionId, workspaceId, command.reason(), clock.instant()));
        }
        return AggregateVersions.current();
    }

    /** Idempotent: enabling an enabled subscription changes nothing. */
    @CommandHandler
    Written handle(EnableWebhookSubscription command, Clock clock) {
        requireWorkspace(command.workspaceId());
        boolean enabling = disabled;
        if (enabling) {
            apply(new WebhookSubscriptionEnabled(subscriptionId, workspaceId, clock.instant()));
        }
        return AggregateVersions.written(enabling);
    }

    @CommandHandler
    long handle(ReplayWebhookEvents command, Clock clock) {
        requireWorkspace(command.workspaceId());
        Instant now = clock.instant();
        if (command.since() == null) {
            throw DomainRejection.invalid("required", "since", "since is required");
        }
        if (command.since().isBefore(now.minus(REPLAY_WINDOW)) || command.since().isAfter(now)) {
            throw DomainRejection.unprocessable("out_of_range", "since",
                    "since must be within the last " + REPLAY_WINDOW.toDays() + " days, and not in the future");
        }
        apply(new WebhookReplayRequested(subscriptionId, workspaceId, command.since(), now));
        return AggregateVersions.current();
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionCreated event) {
        subscriptionId = event.subscriptionId();
        workspaceId = event.workspaceId();
        settings = new Settings(event.url(), event.events(), event.description());
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionUpdated event) {
        settings = new Settings(event.url(), event.events(), event.description());
    }

    @EventSourcingHandler
    void on(WebhookSecretRotated event) {
        retiredSecretsSignUntil.removeIf(until -> !event.rotatedAt().isBefore(until));
        retiredSecretsSignUntil.add(event.previousValidUntil());
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionDisabled event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionEnabled event) {
        disabled = false;
    }

    @EventSourcingHandler
    void on(WebhookSubscriptionDeleted event) {
        markDeleted();
    }

    private void requireWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw DomainRejection.notFound(subscriptionId);
        }
    }

    /**
     * The rules of a create and an update alike, over the fields {@code asked} changes from {@code current} (every one
     * on a create, whose current is null): every field's shape (400) before the URL's host is resolved (422), so no
     * DNS lookup for a body refused anyway; a URL kept is not resolved again.
     */
    private static void requireAcceptable(Settings asked, Settings current, WebhookTargetsPort guard) {
        Validation fields = new Validation();
        boolean newUrl = current == null || !asked.url().equals(current.url());
        if (newUrl) {
            url(fields, asked.url());
        }
        if (current == null || !asked.deduplicated().events().equals(current.events())) {
            events(fields, asked.events());
        }
        if (current == null || !Objects.equals(asked.description(), current.description())) {
            description(fields, asked.description());
        }
        fields.throwIfInvalid();
        if (newUrl) {
            requireAllowedHost(URI.create(asked.url()), guard);
        }
    }

    /** A webhook URL ({@link WebhookUrl}), at most {@value #MAX_URL_LENGTH} characters (400 otherwise). */
    private static void url(Validation fields, String url) {
        if (url == null || url.isBlank()) {
            fields.error("required", "url", "url is required");
        } else if (Characters.count(url) > MAX_URL_LENGTH) {
            fields.error("too_long", "url", "url is at most " + MAX_URL_LENGTH + " characters");
        } else {
            WebhookUrl.problem(url).ifPresent(problem -> fields.error("invalid_url", "url", "url" + problem));
        }
    }

    /**
     * The URL's host resolves to addresses the SSRF guard allows (422 otherwise). The guard checks again at every
     * delivery, after resolving the name anew.
     */
    private static void requireAllowedHost(URI uri, WebhookTargetsPort guard) {
        WebhookTargetsPort.Verdict verdict;
        try {
            verdict = guard.check(uri.getHost());
        } catch (UnknownHostException e) {
            throw DomainRejection.unprocessable("url_unresolvable", "url",
                    "The host " + StorableText.abbreviated(uri.getHost()) + " does not resolve");
        }
        if (verdict.refusal() != null) {
            throw DomainRejection.unprocessable("url_not_allowed", "url", verdict.refusal());
        }
    }

    /** At least one event type, each known: every unknown one is an error of its own. */
    private static void events(Validation fields, List<String> events) {
        if (events == null || events.isEmpty()) {
            fields.error(events == null ? "required" : "invalid_length", "events",
                    "events needs at least one event type, or \"*\"");
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            if (!WebhookEventTypes.isKnown(events.get(i))) {
                fields.error("unknown_value", "events[" + i + "]", "Unknown event type; one of "
                        + String.join(", ", WebhookEventTypes.CATALOGUE) + " or \"*\"");
            }
        }
    }

    /** Null for none; the controller trims it, so blank here is only white space, refused as other descriptions. */
    private static void description(Validation fields, String description) {
        if (description != null && Names.isBlank(description)) {
            fields.error("required", "description", "description must not be blank");
        } else if (description != null && Characters.count(description) > MAX_DESCRIPTION_LENGTH) {
            fields.error("too_long", "description", "description is at most " + MAX_DESCRIPTION_LENGTH + " characters");
        } else if (description != null && Texts.holdsControls(description)) {
            fields.error("invalid_value", "description",
                    "description must not hold control characters other than tabs and line breaks");
        }
    }

    private static <T> T or(T changed, T current) {
        return changed != null ? changed : current;
    }

    private static void requireSecret(String secret) {
        try {
            if (SigningSecrets.key(secret).length < 24) {
                throw new IllegalArgumentException("short");
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("A webhook secret must be whsec_ and base64 of at least 24 bytes");
        }
    }
}
