package com.lealup.write.integration;

import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.integration.DisconnectIntegration;
import com.lealup.api.integration.IntegrationConnected;
import com.lealup.api.integration.IntegrationConnectionStarted;
import com.lealup.api.integration.IntegrationDisconnected;
import com.lealup.api.integration.StartIntegrationConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The Integration aggregate's rules that need no database; connecting and disconnecting a connected
 * integration (which touch the credential and state tables) are covered by IntegrationsApiTest.
 */
class IntegrationTest {

    private static final String WS = "wsp_1";
    private static final String ID = WS + "/slack";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private static AggregateTestFixture<Integration> fixture() {
        AggregateTestFixture<Integration> fixture = new AggregateTestFixture<>(Integration.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(new OAuthProviders(new MockEnvironment()));
        // never reached by these scenarios: each is refused before any table is touched
        fixture.registerInjectableResource(new OAuthStates(null, null, Duration.ofMinutes(10)));
        fixture.registerInjectableResource(new IntegrationCredentials(null, null));
        return fixture;
    }

    @Test
    void anUnconfiguredProviderCannotBeConnected() {
        fixture().givenNoPriorActivity().when(new StartIntegrationConnection(ID, WS, "slack"))
                .expectException(rejection(Kind.UNPROCESSABLE, "provider_not_configured"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("lealup.integrations.providers.slack"))
                .expectNoEvents();
    }

    @Test
    void disconnectingWhatIsNotConnectedIsAConflict() {
        fixture().givenNoPriorActivity().when(new DisconnectIntegration(ID, WS, "slack"))
                .expectException(rejection(Kind.CONFLICT, "integration_not_connected")).expectNoEvents();
        fixture().given(new IntegrationConnectionStarted(ID, WS, "slack", NOW.plusSeconds(600), NOW),
                        new IntegrationConnected(ID, WS, "slack", NOW), new IntegrationDisconnected(ID, WS, "slack", NOW))
                .when(new DisconnectIntegration(ID, WS, "slack"))
                .expectException(rejection(Kind.CONFLICT, "integration_not_connected")).expectNoEvents();
    }
}
