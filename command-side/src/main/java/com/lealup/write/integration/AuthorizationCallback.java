package com.lealup.write.integration;

import com.lealup.api.DomainRejection;
import com.lealup.api.MetadataKeys;
import com.lealup.api.integration.AuthorizationCallbacks;
import com.lealup.api.integration.CompleteIntegrationConnection;
import com.lealup.api.integration.ConnectIntegration;
import com.lealup.api.integration.ConnectionOutcome;
import com.lealup.api.integration.FailIntegrationConnection;
import com.lealup.api.integration.Integrations;
import com.lealup.api.integration.OAuthTokens;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

/**
 * Completes an authorization from the provider's redirect, in three steps of which only the last is a command:
 * <ol>
 * <li>consume the {@code state}, the request's only credential: one this server issued for this integration,
 * unexpired and unused. The row is deleted by a single statement that commits on its own, so a second use (even
 * concurrent, on another node) finds nothing and reaches no provider. Only a redirect with a code, to the
 * integration the state was issued for, consumes it (an expired one is deleted as it is refused); any other
 * refusal leaves it for the right redirect;</li>
 * <li>exchange the code with the PKCE verifier at the token endpoint, outside any transaction;</li>
 * <li>send {@link ConnectIntegration} with the tokens (the aggregate stores them encrypted with its event) or
 * {@link FailIntegrationConnection}.</li>
 * </ol>
 * A node dying between 1 and 3 leaves the integration pending until the state's expiry, after which it shows
 * its status before the authorization: connect again.
 */
@Component
class AuthorizationCallback implements AuthorizationCallbacks {

    static final String TOKEN_EXCHANGE_FAILED = "token_exchange_failed";

    private final OAuthStates states;
    private final OAuthProviders providers;
    private final OAuthClient client;
    private final CommandGateway commandGateway;
    private final Clock clock;

    AuthorizationCallback(OAuthStates states, OAuthProviders providers, OAuthClient client,
                          CommandGateway commandGateway, Clock clock) {
        this.states = states;
        this.providers = providers;
        this.client = client;
        this.commandGateway = commandGateway;
        this.clock = clock;
    }

    @Override
    public ConnectionOutcome complete(CompleteIntegrationConnection callback, Map<String, ?> metadata) {
        // a redirect refused before its state is consumed leaves the authorization to the right one
        if (callback.code() == null || callback.code().isBlank()) {
            throw DomainRejection.invalid("required", "code", "The provider's redirect carries no code");
        }
        Instant now = clock.instant();
        OAuthStates.Pending pending = Optional.ofNullable(callback.state())
                .flatMap(state -> states.consume(state, callback.name()))
                .filter(p -> p.expiresAt().isAfter(now))
                .orElseThrow(() -> DomainRejection.invalid("invalid_state", "state",
                        "The state is unknown, expired or already used: start again with POST /v1/integrations/"
                                + callback.name() + "/connect"));
        String workspaceId = pending.workspaceId();
        String name = pending.name();
        String integrationId = Integrations.aggregateId(workspaceId, name);
        MetaData commandMetadata = MetaData.from(metadata).and(MetadataKeys.WORKSPACE_ID, workspaceId);
        String failure;
        try {
            OAuthProviders.OAuthProvider provider = providers.find(name)
                    .orElseThrow(() -> new OAuthClient.Refused("The provider is no longer configured"));
            OAuthTokens tokens = client.exchange(provider, callback.code(), pending.codeVerifier(), now);
            long version = commandGateway.sendAndWait(
                    new ConnectIntegration(integrationId, workspaceId, name, tokens), commandMetadata);
            return new ConnectionOutcome(workspaceId, name, Integrations.CONNECTED, null, version);
        } catch (OAuthClient.Refused | OAuthClient.Unavailable e) {
            failure = e.getMessage();
        }
        long version = commandGateway.sendAndWait(
                new FailIntegrationConnection(integrationId, workspaceId, name, TOKEN_EXCHANGE_FAILED, failure),
                commandMetadata);
        return new ConnectionOutcome(workspaceId, name, Integrations.ERROR, TOKEN_EXCHANGE_FAILED, version);
    }
}
