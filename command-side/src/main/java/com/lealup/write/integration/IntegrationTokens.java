package com.lealup.write.integration;

import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.integration.Integrations;
import com.lealup.api.integration.OAuthTokens;
import com.lealup.api.integration.ReportUnusableTokens;
import com.lealup.write.integration.IntegrationCredentials.Credential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The access token to call a connected integration with (the port through which Slack delivery gets its token),
 * refreshed first when it expires within {@link #EXPIRY_MARGIN}:
 * <ul>
 * <li>at most one refresh of a grant at a time, across workers and nodes: the refresher holds a lease on the
 * credential row ({@code refreshing_until}); the others wait for its result, at most {@link #WAIT}, then answer
 * {@link Unavailable} (the delivery is retried later);</li>
 * <li>the refresh is an HTTP call made outside any transaction; the new tokens replace the revision that was
 * refreshed only, so a disconnect or reconnect meanwhile is never undone;</li>
 * <li>a grant that cannot be refreshed (no refresh token, the provider refusing it, the provider no longer
 * configured) or that the provider rejects when used is {@linkplain ReportUnusableTokens reported}: the tokens are
 * deleted and the integration shows {@code error} with the reason. A provider that is unavailable only delays.</li>
 * </ul>
 */
@Component
class IntegrationTokens implements IntegrationTokensPort {

    private static final Logger log = LoggerFactory.getLogger(IntegrationTokens.class);

    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(60);
    static final Duration LEASE = OAuthClient.TIMEOUT.multipliedBy(3);
    static final Duration WAIT = OAuthClient.TIMEOUT.plusSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    static final String TOKEN_EXPIRED = "token_expired";
    static final String TOKEN_REFRESH_FAILED = "token_refresh_failed";
    static final String TOKEN_REVOKED = "token_revoked";
    static final String ACTOR_ID = "integration-tokens";

    private final IntegrationCredentials credentials;
    private final OAuthProviders providers;
    private final OAuthClient client;
    private final CommandGateway commandGateway;
    private final Clock clock;

    IntegrationTokens(IntegrationCredentials credentials, OAuthProviders providers, OAuthClient client,
                      CommandGateway commandGateway, Clock clock) {
        this.credentials = credentials;
        this.providers = providers;
        this.client = client;
        this.commandGateway = commandGateway;
        this.clock = clock;
    }

    @Override
    public Access access(String workspaceId, String name) {
        long waitUntil = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<Credential> stored = credentials.find(workspaceId, name);
            if (stored.isEmpty()) {
                return new NotConnected();
            }
            Credential credential = stored.get();
            Instant now = clock.instant();
            if (credential.expiresAt() == null || credential.expiresAt().isAfter(now.plus(EXPIRY_MARGIN))) {
                return new Usable(workspaceId, name, credential.accessToken(), credential.revision());
            }
            if (credential.refreshToken() == null) {
                return report(workspaceId, name, credential.revision(), TOKEN_EXPIRED,
                        "The access token expired and the provider gave no refresh token");
            }
            if (credentials.claimRefresh(workspaceId, name, credential.revision(), now, now.plus(LEASE))) {
                Optional<Access> refreshed = refresh(workspaceId, name, credential, now);
                if (refreshed.isPresent()) {
                    return refreshed.get();
                }
                continue; // replaced meanwhile: read what is there now
            }
            if (System.nanoTime() - waitUntil >= 0) {
                return new Unavailable("Another refresh of the token is still running");
            }
            sleep();
        }
    }

    /** The provider refused {@code usable}'s token as revoked or invalid: the integration goes to error. */
    @Override
    public Access rejected(Usable usable, String providerError) {
        return report(usable.workspaceId(), usable.name(), usable.revision(), TOKEN_REVOKED,
                "The provider refused the access token (" + providerError + ")");
    }

    /** The provider says {@code usable}'s token expired (before its expiry here): the next access refreshes it. */
    @Override
    public void expired(Usable usable) {
        credentials.expire(usable.workspaceId(), usable.name(), usable.revision(), clock.instant());
    }

    /** The refreshed token, or empty when the row was replaced meanwhile and the refresh was dropped. */
    private Optional<Access> refresh(String workspaceId, String name, Credential credential, Instant now) {
        Optional<OAuthProviders.OAuthProvider> provider = providers.find(name);
        if (provider.isEmpty()) {
            return Optional.of(report(workspaceId, name, credential.revision(), TOKEN_REFRESH_FAILED,
                    "The provider is no longer configured"));
        }
        OAuthTokens tokens;
        try {
            tokens = client.refresh(provider.get(), credential.refreshToken(), now);
        } catch (OAuthClient.Refused e) {
            return Optional.of(report(workspaceId, name, credential.revision(), TOKEN_REFRESH_FAILED, e.getMessage()));
        } catch (OAuthClient.Unavailable e) {
            credentials.releaseRefresh(workspaceId, name, credential.revision());
            return Optional.of(new Unavailable(e.getMessage()));
        }
        return credentials.storeRefreshed(workspaceId, name, credential.revision(), tokens, clock.instant())
                .map(revision -> new Usable(workspaceId, name, tokens.accessToken(), revision));
    }

    private Access report(String workspaceId, String name, String revision, String reason, String detail) {
        commandGateway.sendAndWait(new ReportUnusableTokens(Integrations.aggregateId(workspaceId, name), workspaceId,
                name, revision, reason, detail), MetaData.with(MetadataKeys.WORKSPACE_ID, workspaceId)
                .and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                .and(MetadataKeys.ACTOR_ID, ACTOR_ID)
                .and(MetadataKeys.TRACE_ID, Ids.ulid()));
        log.info("The {} integration of {} is in error: {} ({})", name, workspaceId, reason, detail);
        return new Unusable(reason, detail);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a token refresh", e);
        }
    }
}
