package com.lealup.write.webhook;

import static com.lealup.write.RejectionMatcher.invalidFields;
import static com.lealup.write.RejectionMatcher.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import com.lealup.api.Written;
import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.webhook.CreateWebhookSubscription;
import com.lealup.api.webhook.DeleteWebhookSubscription;
import com.lealup.api.webhook.DisableWebhookSubscription;
import com.lealup.api.webhook.EnableWebhookSubscription;
import com.lealup.api.webhook.ReplayWebhookEvents;
import com.lealup.api.webhook.RotateWebhookSecret;
import com.lealup.api.webhook.SigningSecrets;
import com.lealup.api.webhook.UpdateWebhookSubscription;
import com.lealup.api.webhook.WebhookReplayRequested;
import com.lealup.api.webhook.WebhookSecretRotated;
import com.lealup.api.webhook.WebhookSubscriptionCreated;
import com.lealup.api.webhook.WebhookSubscriptionDeleted;
import com.lealup.api.webhook.WebhookSubscriptionDisabled;
import com.lealup.api.webhook.WebhookSubscriptionEnabled;
import com.lealup.api.webhook.WebhookSubscriptionUpdated;
import com.lealup.testing.TestClock;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook subscriptions: what the aggregate decides (URL, types, the SSRF guard's verdict at creation, idempotent
 * disable and enable, the replay window), with a stand-in DNS and the secrets store mocked.
 */
class WebhookSubscriptionTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final String ID = "whk_1";
    private static final String WS = "wsp_1";
    private static final String URL = "https://hooks.example.com/lealup";
    private static final String SECRET = SigningSecrets.newSecret();

    private final WebhookSecrets secrets = mock(WebhookSecrets.class);
    private final List<String> resolved = new ArrayList<>();
    private AggregateTestFixture<WebhookSubscription> fixture;

    @BeforeEach
    void setUp() {
        Map<String, String> dns = Map.of("hooks.example.com", "93.184.216.34", "internal.example.com", "10.1.2.3",
                "metadata.example.com", "169.254.169.254");
        TargetGuard guard = new TargetGuard("", host -> {
            resolved.add(host);
            String address = dns.get(host);
            if (address == null) {
                // literal addresses resolve to themselves, names the stand-in does not know do not resolve
                if (!host.matches("[0-9.:a-f]+")) {
                    throw new UnknownHostException(host);
                }
                address = host;
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        });
        fixture = new AggregateTestFixture<>(WebhookSubscription.class);
        fixture.registerInjectableResource(guard);
        fixture.registerInjectableResource(secrets);
        fixture.registerInjectableResource(TestClock.fixedAt(NOW));
    }

    private WebhookSubscriptionCreated created() {
        return new WebhookSubscriptionCreated(ID, WS, URL, List.of("*"), "CRM", NOW);
    }

    @Test
    void createsASubscriptionAndStoresItsSecretOutsideTheEvent() {
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, URL, List.of("*", "*"), "CRM", SECRET))
                .expectEvents(created());
        verify(secrets).store(ID, WS, SECRET);
    }

    @Test
    void internalAddressesAreRefusedAsUnprocessable() {
        for (String url : List.of("https://internal.example.com/x", "http://metadata.example.com/latest",
                "http://10.0.0.1/x", "http://[::1]/x", "http://[fd12::1]/x", "http://[64:ff9b::a9fe:a9fe]/latest",
                "http://[2002:a00:1::1]/x")) {
            fixture.givenNoPriorActivity()
                    .when(new CreateWebhookSubscription(ID, WS, url, List.of("*"), null, SECRET))
                    .expectNoEvents()
                    .expectException(rejection(Kind.UNPROCESSABLE, "url_not_allowed", "url"));
        }
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, "https://nowhere.example.com/x", List.of("*"), null, SECRET))
                .expectException(rejection(Kind.UNPROCESSABLE, "url_unresolvable", "url"));
        // the message quotes a long host abbreviated, as every message quotes what the client chose
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, "https://" + "a".repeat(1500) + "/x", List.of("*"), null,
                        SECRET))
                .expectExceptionMessage("The host " + "a".repeat(100) + "… does not resolve");
        verify(secrets, never()).store(any(), any(), any());
    }

    @Test
    void malformedInputIsInvalidNamingTheField() {
        for (String url : List.of("", "hooks.example.com/x", "ftp://hooks.example.com/x", "https://u:p@hooks.example.com/",
                "https://hooks.example.com/x#frag", "https://" + "a".repeat(2000) + ".com/", "http://0177.0.0.1/x",
                "https://hooks.example.com/invoice\u202Efdp.exe")) {
            fixture.givenNoPriorActivity()
                    .when(new CreateWebhookSubscription(ID, WS, url, List.of("*"), null, SECRET))
                    .expectException(rejection(Kind.INVALID, url.isEmpty() ? "required" : url.length() > 2000
                            ? "too_long" : "invalid_url", "url"));
        }
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, URL, List.of("customer.created", "nope"), null, SECRET))
                .expectException(rejection(Kind.INVALID, "unknown_value", "events[1]"));
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, URL, List.of(), null, SECRET))
                .expectException(rejection(Kind.INVALID, "invalid_length", "events"));
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, "ftp://hooks.example.com/x",
                        List.of("nope", "customer.created", "no"), "x".repeat(501), SECRET))
                .expectNoEvents()
                .expectException(invalidFields("url invalid_url", "events[0] unknown_value", "events[2] unknown_value",
                        "description too_long"));
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, null, null, null, SECRET))
                .expectException(invalidFields("url required", "events required"));
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, URL, List.of("*"), "CRM\u001B[31m sync", SECRET))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "invalid_value", "description"));
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, URL, List.of("*"), " \n", SECRET))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "required", "description"));
        verify(secrets, never()).store(any(), any(), any());
        // a description's tabs and line breaks are part of it
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, URL, List.of("*"), "CRM sync:\n\tdeals", SECRET))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void everyFieldIsValidatedBeforeTheHostIsResolved() {
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, "https://internal.example.com/x", List.of(), null, SECRET))
                .expectException(rejection(Kind.INVALID, "invalid_length", "events"));
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, "https://nowhere.example.com/x", List.of("nope"), null,
                        SECRET))
                .expectException(rejection(Kind.INVALID, "unknown_value", "events[0]"));
        fixture.givenNoPriorActivity()
                .when(new CreateWebhookSubscription(ID, WS, "http://10.0.0.1/x", List.of("*"), "x".repeat(501), SECRET))
                .expectException(rejection(Kind.INVALID, "too_long", "description"));
        assertThat(resolved).isEmpty();
    }

    @Test
    void rotationKeepsThePreviousSecretForADay() {
        String next = SigningSecrets.newSecret();
        fixture.given(created())
                .when(new RotateWebhookSecret(ID, WS, next))
                .expectEvents(new WebhookSecretRotated(ID, WS, NOW.plus(Duration.ofHours(24)), NOW));
        verify(secrets).rotate(ID, next, NOW.plus(Duration.ofHours(24)), NOW);
    }

    @Test
    void atMostFiveSecretsRotatedOutSignAtOnce() {
        // a sixth rotation within a day would put a seventh signature on every delivery
        fixture.given(created(), rotatedHoursAgo(20), rotatedHoursAgo(16), rotatedHoursAgo(12), rotatedHoursAgo(8),
                        rotatedHoursAgo(4))
                .when(new RotateWebhookSecret(ID, WS, SigningSecrets.newSecret()))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "too_many_rotations"))
                .expectExceptionMessage(endsWith("rotate again from 2026-11-26T12:00:00Z"));
        verifyNoInteractions(secrets);

        // a secret rotated out 24 h ago has stopped signing: it leaves room for one more
        fixture.given(created(), rotatedHoursAgo(24), rotatedHoursAgo(16), rotatedHoursAgo(12), rotatedHoursAgo(8),
                        rotatedHoursAgo(4))
                .when(new RotateWebhookSecret(ID, WS, SigningSecrets.newSecret()))
                .expectEvents(new WebhookSecretRotated(ID, WS, NOW.plus(Duration.ofHours(24)), NOW));
    }

    private static WebhookSecretRotated rotatedHoursAgo(int hours) {
        Instant at = NOW.minus(Duration.ofHours(hours));
        return new WebhookSecretRotated(ID, WS, at.plus(Duration.ofHours(24)), at);
    }

    @Test
    void disablingAndEnablingAreIdempotent() {
        fixture.given(created())
                .when(new EnableWebhookSubscription(ID, WS))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(1, false));
        fixture.given(created(), new WebhookSubscriptionDisabled(ID, WS, "failing", NOW))
                .when(new DisableWebhookSubscription(ID, WS, "failing again"))
                .expectNoEvents();
        fixture.given(created(), new WebhookSubscriptionDisabled(ID, WS, "failing", NOW))
                .when(new EnableWebhookSubscription(ID, WS))
                .expectEvents(new WebhookSubscriptionEnabled(ID, WS, NOW))
                .expectResultMessagePayload(new Written(3, true));
    }

    @Test
    void aReplayReachesThirtyDaysBackAtMost() {
        fixture.given(created())
                .when(new ReplayWebhookEvents(ID, WS, NOW.minus(Duration.ofDays(30))))
                .expectEvents(new WebhookReplayRequested(ID, WS, NOW.minus(Duration.ofDays(30)), NOW));
        fixture.given(created())
                .when(new ReplayWebhookEvents(ID, WS, NOW.minus(Duration.ofDays(30)).minusSeconds(1)))
                .expectException(rejection(Kind.UNPROCESSABLE, "out_of_range", "since"));
        fixture.given(created())
                .when(new ReplayWebhookEvents(ID, WS, NOW.plusSeconds(1)))
                .expectException(rejection(Kind.UNPROCESSABLE, "out_of_range", "since"));
    }

    @Test
    void anUpdateCarriesTheWholeNewTargetAndResolvesOnlyANewUrl() {
        String moved = "https://hooks.example.com/v2";
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, null, moved, null, null, Set.of()))
                .expectEvents(new WebhookSubscriptionUpdated(ID, WS, moved, List.of("*"), "CRM", NOW))
                .expectResultMessagePayload(new Written(2, true));
        assertThat(resolved).containsExactly("hooks.example.com");

        resolved.clear();
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, 1L, null, List.of("task.created", "task.created",
                        "customer.created"), null, Set.of(UpdateWebhookSubscription.DESCRIPTION)))
                .expectEvents(new WebhookSubscriptionUpdated(ID, WS, URL, List.of("task.created", "customer.created"),
                        null, NOW));
        assertThat(resolved).as("the URL it keeps is not resolved again").isEmpty();
    }

    @Test
    void anUpdateAfterAnUpdateStartsFromIt() {
        fixture.given(created(), new WebhookSubscriptionUpdated(ID, WS, "https://hooks.example.com/v2",
                        List.of("task.created"), null, NOW))
                .when(new UpdateWebhookSubscription(ID, WS, null, null, null, "Tasks", Set.of()))
                .expectEvents(new WebhookSubscriptionUpdated(ID, WS, "https://hooks.example.com/v2",
                        List.of("task.created"), "Tasks", NOW));
    }

    @Test
    void anUpdateThatChangesNothingWritesNoEventAndKeepsTheVersion() {
        for (UpdateWebhookSubscription same : List.of(
                new UpdateWebhookSubscription(ID, WS, null, null, null, null, Set.of()),
                new UpdateWebhookSubscription(ID, WS, 1L, URL, List.of("*", "*"), "CRM", Set.of()))) {
            fixture.given(created())
                    .when(same)
                    .expectNoEvents()
                    .expectResultMessagePayload(new Written(1, false));
        }
        fixture.given(created(), new WebhookSubscriptionUpdated(ID, WS, URL, List.of("*"), null, NOW))
                .when(new UpdateWebhookSubscription(ID, WS, null, null, null, null,
                        Set.of(UpdateWebhookSubscription.DESCRIPTION)))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
        assertThat(resolved).isEmpty();
    }

    @Test
    void anUpdateIsValidatedAsACreationIs() {
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, null, "ftp://hooks.example.com/x",
                        List.of("nope", "customer.created"), "x".repeat(501), Set.of()))
                .expectNoEvents()
                .expectException(invalidFields("url invalid_url", "events[0] unknown_value", "description too_long"));
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, null, null, List.of(), null, Set.of()))
                .expectException(rejection(Kind.INVALID, "invalid_length", "events"));
        // the fields before the host: a bad one is 400 whatever the URL, and costs no lookup
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, null, "http://10.0.0.1/x", List.of("nope"), null,
                        Set.of()))
                .expectException(rejection(Kind.INVALID, "unknown_value", "events[0]"));
        assertThat(resolved).isEmpty();
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, null, "https://internal.example.com/x", null, null,
                        Set.of()))
                .expectNoEvents()
                .expectException(rejection(Kind.UNPROCESSABLE, "url_not_allowed", "url"));
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, WS, null, "https://nowhere.example.com/x", null, null,
                        Set.of()))
                .expectException(rejection(Kind.UNPROCESSABLE, "url_unresolvable", "url"));
    }

    @Test
    void anUpdateIsRefusedWhenStaleElsewhereOrDeleted() {
        fixture.given(created(), new WebhookSecretRotated(ID, WS, NOW.plus(Duration.ofHours(24)), NOW))
                .when(new UpdateWebhookSubscription(ID, WS, 1L, null, null, "New", Set.of()))
                .expectNoEvents()
                .expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch"));
        fixture.given(created())
                .when(new UpdateWebhookSubscription(ID, "wsp_other", null, null, null, "New", Set.of()))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
        fixture.given(created(), new WebhookSubscriptionDeleted(ID, WS, NOW))
                .when(new UpdateWebhookSubscription(ID, WS, null, null, null, "New", Set.of()))
                .expectNoEvents()
                .expectException(AggregateDeletedException.class);
    }

    @Test
    void anotherWorkspaceFindsNothingAndADeletedSubscriptionIsGone() {
        fixture.given(created())
                .when(new DeleteWebhookSubscription(ID, "wsp_other"))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
        fixture.given(created())
                .when(new DeleteWebhookSubscription(ID, WS))
                .expectEvents(new WebhookSubscriptionDeleted(ID, WS, NOW));
        verify(secrets).forget(eq(ID));
    }
}
