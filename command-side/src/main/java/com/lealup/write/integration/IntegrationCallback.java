package com.lealup.write.integration;

import com.lealup.api.DomainRejection;
import com.lealup.api.integration.CompleteIntegrationConnection;
import com.lealup.api.integration.ConnectionOutcome;
import com.lealup.api.integration.Integrations;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * Completes an authorization from the provider's redirect. The {@code state} is the only credential of the
 * request: it must be one this server issued for this integration, unexpired and unused; it is consumed in
 * this command's transaction. The code exchange is an outbound call made inside the command (bounded by the
 * token endpoint's timeout), so that the tokens, the consumed state and the event commit together.
 */
@Component
class IntegrationCallback {

    static final String TOKEN_EXCHANGE_FAILED = "token_exchange_failed";

    private final OAuthStates states;
    private final OAuthProviders providers;
    private final TokenEndpoint tokenEndpoint;
    private final IntegrationCredentials credentials;
    private final Repository<Integration> integrations;
    private final Clock clock;

    IntegrationCallback(OAuthStates states, OAuthProviders providers, TokenEndpoint tokenEndpoint,
                        IntegrationCredentials credentials, Repository<Integration> integrations, Clock clock) {
        this.states = states;
        this.providers = providers;
        this.tokenEndpoint = tokenEndpoint;
        this.credentials = credentials;
        this.integrations = integrations;
        this.clock = clock;
    }

    @CommandHandler
    ConnectionOutcome handle(CompleteIntegrationConnection command) {
        Instant now = clock.instant();
        OAuthStates.Pending pending = Optional.ofNullable(command.state()).flatMap(states::consume)
                .filter(p -> p.name().equals(command.name()) && p.expiresAt().isAfter(now))
                .orElseThrow(() -> DomainRejection.invalid("invalid_state", "state",
                        "The state is unknown, expired or already used: start again with POST /v1/integrations/"
                                + command.name() + "/connect"));
        if (command.code() == null || command.code().isBlank()) {
            throw DomainRejection.invalid("required", "code", "The provider's redirect carries no code");
        }
        Aggregate<Integration> integration = integrations.load(
                Integrations.aggregateId(pending.workspaceId(), pending.name()));
        Optional<OAuthProviders.OAuthProvider> provider = providers.find(pending.name());
        try {
            if (provider.isEmpty()) {
                throw new TokenEndpoint.ExchangeFailed("The provider is no longer configured");
            }
            TokenEndpoint.Tokens tokens = tokenEndpoint.exchange(provider.get(), command.code(),
                    pending.codeVerifier(), now);
            credentials.store(pending.workspaceId(), pending.name(), tokens.accessToken(), tokens.refreshToken(),
                    tokens.expiresAt(), now);
            long version = integration.invoke(i -> i.connected(now));
            return new ConnectionOutcome(pending.workspaceId(), pending.name(), Integrations.CONNECTED, null, version);
        } catch (TokenEndpoint.ExchangeFailed e) {
            long version = integration.invoke(i -> i.connectionFailed(TOKEN_EXCHANGE_FAILED, e.getMessage(), now));
            return new ConnectionOutcome(pending.workspaceId(), pending.name(), Integrations.ERROR,
                    TOKEN_EXCHANGE_FAILED, version);
        }
    }
}
