package com.lealup.write.integration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.integration.ConnectIntegration;
import com.lealup.api.integration.DisconnectIntegration;
import com.lealup.api.integration.FailIntegrationConnection;
import com.lealup.api.integration.IntegrationConnected;
import com.lealup.api.integration.IntegrationConnectionFailed;
import com.lealup.api.integration.IntegrationConnectionStarted;
import com.lealup.api.integration.IntegrationDisconnected;
import com.lealup.api.integration.IntegrationTokensRejected;
import com.lealup.api.integration.OAuthTokens;
import com.lealup.api.integration.ReportUnusableTokens;
import com.lealup.api.integration.StartIntegrationConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The Integration aggregate's rules. Its resources are the clock, the providers' configuration, the state table
 * and the credential store (a mock here): no OAuth client, since no handler calls a provider. Connecting gets the
 * tokens already exchanged, on the command.
 */
class IntegrationTest {

    private static final String WS = "wsp_1";
    private static final String ID = WS + "/slack";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final IntegrationConnectionStarted STARTED =
            new IntegrationConnectionStarted(ID, WS, "slack", NOW.plusSeconds(600), NOW);
    private static final OAuthTokens TOKENS = new OAuthTokens("xoxb-1", "xoxe-1", NOW.plusSeconds(43_200));

    private final IntegrationCredentials credentials = mock(IntegrationCredentials.class);

    private AggregateTestFixture<Integration> fixture() {
        AggregateTestFixture<Integration> fixture = new AggregateTestFixture<>(Integration.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource(new OAuthProviders(new MockEnvironment()));
        // never reached by these scenarios: each is refused before any table is touched
        fixture.registerInjectableResource(new OAuthStates(null, null, Duration.ofMinutes(10)));
        fixture.registerInjectableResource(credentials);
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
    void connectingStoresTheTokensTheCommandCarriesWithTheEvent() {
        fixture().given(STARTED).when(new ConnectIntegration(ID, WS, "slack", TOKENS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new IntegrationConnected(ID, WS, "slack", NOW))
                .expectResultMessagePayload(2L);
        verify(credentials).store(WS, "slack", TOKENS, NOW);
    }

    @Test
    void tokensArrivingAfterADisconnectAreRefusedAndNotStored() {
        fixture().given(STARTED, new IntegrationDisconnected(ID, WS, "slack", NOW))
                .when(new ConnectIntegration(ID, WS, "slack", TOKENS))
                .expectException(rejection(Kind.CONFLICT, "integration_disconnected")).expectNoEvents();
        verify(credentials, never()).store(any(), any(), any(), any());
    }

    @Test
    void aRefusedCodePutsTheIntegrationInError() {
        fixture().given(STARTED)
                .when(new FailIntegrationConnection(ID, WS, "slack", "token_exchange_failed", "answered 400"))
                .expectEvents(new IntegrationConnectionFailed(ID, WS, "slack", "token_exchange_failed", "answered 400",
                        NOW));
    }

    @Test
    void unusableTokensAreDeletedAndPutTheIntegrationInError() {
        when(credentials.delete(WS, "slack", "rev-1")).thenReturn(true);

        fixture().given(STARTED, new IntegrationConnected(ID, WS, "slack", NOW))
                .when(new ReportUnusableTokens(ID, WS, "slack", "rev-1", "token_refresh_failed", "invalid_grant"))
                .expectEvents(new IntegrationTokensRejected(ID, WS, "slack", "token_refresh_failed", "invalid_grant",
                        NOW));
    }

    @Test
    void aReportAboutTokensReplacedSinceChangesNothing() {
        when(credentials.delete(eq(WS), eq("slack"), any())).thenReturn(false);

        fixture().given(STARTED, new IntegrationConnected(ID, WS, "slack", NOW))
                .when(new ReportUnusableTokens(ID, WS, "slack", "rev-old", "token_revoked", "invalid_auth"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void disconnectingWhatIsNotConnectedIsAConflict() {
        fixture().givenNoPriorActivity().when(new DisconnectIntegration(ID, WS, "slack"))
                .expectException(rejection(Kind.CONFLICT, "integration_not_connected")).expectNoEvents();
        fixture().given(STARTED, new IntegrationConnected(ID, WS, "slack", NOW),
                        new IntegrationDisconnected(ID, WS, "slack", NOW))
                .when(new DisconnectIntegration(ID, WS, "slack"))
                .expectException(rejection(Kind.CONFLICT, "integration_not_connected")).expectNoEvents();
        // an authorization that expired before any connection: the list shows it disconnected
        fixture().given(new IntegrationConnectionStarted(ID, WS, "slack", NOW.minusSeconds(1), NOW.minusSeconds(601)))
                .when(new DisconnectIntegration(ID, WS, "slack"))
                .expectException(rejection(Kind.CONFLICT, "integration_not_connected")).expectNoEvents();
    }
}
