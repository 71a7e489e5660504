package com.lealup.write.integration;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.integration.AuthorizationRequest;
import com.lealup.api.integration.ConnectIntegration;
import com.lealup.api.integration.DisconnectIntegration;
import com.lealup.api.integration.FailIntegrationConnection;
import com.lealup.api.integration.IntegrationConnected;
import com.lealup.api.integration.IntegrationConnectionFailed;
import com.lealup.api.integration.IntegrationConnectionStarted;
import com.lealup.api.integration.IntegrationDisconnected;
import com.lealup.api.integration.IntegrationTokensRejected;
import com.lealup.api.integration.Integrations;
import com.lealup.api.integration.ReportUnusableTokens;
import com.lealup.api.integration.StartIntegrationConnection;
import com.lealup.write.AggregateVersions;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One workspace's connection to one provider (id "workspace/name", see {@link Integrations#aggregateId}):
 * disconnected → pending (authorization started) → connected or error; disconnect from any state but
 * disconnected. It exists from its first connect; before that it is disconnected. Its events never carry
 * a token: {@link IntegrationCredentials} keeps them, encrypted. No handler here calls a provider: the code is
 * exchanged before {@link ConnectIntegration} ({@link AuthorizationCallback}) and tokens are refreshed outside
 * any command ({@link IntegrationTokens}).
 */
@Aggregate
class Integration {

    @AggregateIdentifier
    private String integrationId;
    private String workspaceId;
    private String name;
    private String status;
    /** When the pending authorization's state expires. */
    private Instant pendingUntil;
    /** Whether it shows a connected_at: connected, and neither disconnected nor its tokens rejected since. */
    private boolean connected;

    Integration() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AuthorizationRequest handle(StartIntegrationConnection command, OAuthProviders providers, OAuthStates states,
                                Clock clock) {
        OAuthProviders.OAuthProvider provider = providers.find(command.name()).orElseThrow(() ->
                DomainRejection.unprocessable("provider_not_configured", null, "The operator has not configured the '"
                        + command.name() + "' provider (lealup.integrations.providers." + command.name() + ".*)"));
        Instant now = clock.instant();
        OAuthStates.Issued issued = states.issue(command.workspaceId(), command.name(), now);
        apply(new IntegrationConnectionStarted(command.integrationId(), command.workspaceId(), command.name(),
                issued.expiresAt(), now));
        return new AuthorizationRequest(provider.authorizationUrl(issued.state(), issued.codeChallenge()),
                issued.state(), issued.expiresAt(), AggregateVersions.current());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    long handle(DisconnectIntegration command, IntegrationCredentials credentials, OAuthStates states, Clock clock) {
        if (status == null || Integrations.DISCONNECTED.equals(status) || lapsed(clock.instant())) {
            throw DomainRejection.conflict("integration_not_connected", "The '" + command.name()
                    + "' integration is not connected", Map.of("current_status", Integrations.DISCONNECTED));
        }
        credentials.delete(workspaceId, name);
        states.forget(workspaceId, name);
        apply(new IntegrationDisconnected(integrationId, workspaceId, name, clock.instant()));
        return AggregateVersions.current();
    }

    /**
     * The callback flow exchanged the code: store the tokens (encrypted) with the event, in this command's
     * transaction. A disconnect since the state was consumed wins: the tokens are not stored.
     */
    @CommandHandler
    long handle(ConnectIntegration command, IntegrationCredentials credentials, Clock clock) {
        requireNotDisconnected(command.name());
        Instant now = clock.instant();
        credentials.store(workspaceId, name, command.tokens(), now);
        apply(new IntegrationConnected(integrationId, workspaceId, name, now));
        return AggregateVersions.current();
    }

    /** The provider refused the code (or could not be reached). */
    @CommandHandler
    long handle(FailIntegrationConnection command, Clock clock) {
        requireNotDisconnected(command.name());
        apply(new IntegrationConnectionFailed(integrationId, workspaceId, name, command.reason(), command.detail(),
                clock.instant()));
        return AggregateVersions.current();
    }

    /**
     * The tokens in use stopped working: they are deleted and the integration is in error. Only the revision that
     * failed is deleted, so a report about tokens replaced since (a reconnect, a refresh) changes nothing.
     */
    @CommandHandler
    long handle(ReportUnusableTokens command, IntegrationCredentials credentials, Clock clock) {
        if (credentials.delete(workspaceId, name, command.revision())) {
            apply(new IntegrationTokensRejected(integrationId, workspaceId, name, command.reason(), command.detail(),
                    clock.instant()));
        }
        return AggregateVersions.current();
    }

    /** A pending authorization whose state expired, of one never connected: the list shows it disconnected. */
    private boolean lapsed(Instant now) {
        return Integrations.PENDING.equals(status) && !connected && pendingUntil != null && !pendingUntil.isAfter(now);
    }

    private void requireNotDisconnected(String requested) {
        if (Integrations.DISCONNECTED.equals(status)) {
            throw DomainRejection.conflict("integration_disconnected", "The '" + requested + "' integration was "
                    + "disconnected during its authorization: connect it again", Map.of("current_status", status));
        }
    }

    @EventSourcingHandler
    void on(IntegrationConnectionStarted event) {
        integrationId = event.integrationId();
        workspaceId = event.workspaceId();
        name = event.name();
        status = Integrations.PENDING;
        pendingUntil = event.expiresAt();
    }

    @EventSourcingHandler
    void on(IntegrationConnected event) {
        status = Integrations.CONNECTED;
        connected = true;
    }

    @EventSourcingHandler
    void on(IntegrationConnectionFailed event) {
        status = Integrations.ERROR;
    }

    @EventSourcingHandler
    void on(IntegrationTokensRejected event) {
        status = Integrations.ERROR;
        connected = false;
    }

    @EventSourcingHandler
    void on(IntegrationDisconnected event) {
        status = Integrations.DISCONNECTED;
        connected = false;
    }
}
