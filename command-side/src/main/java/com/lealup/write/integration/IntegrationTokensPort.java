package com.lealup.write.integration;

/**
 * The port through which the notification channels get an integration's access token: refreshed when it expires,
 * reported when the provider refuses it ({@link IntegrationTokens}).
 */
public interface IntegrationTokensPort {

    /** What {@link #access} found. */
    sealed interface Access {
    }

    /** A token to use now; {@code revision} names the grant, for {@link #rejected} and {@link #expired}. */
    record Usable(String workspaceId, String name, String accessToken, String revision) implements Access {
        @Override
        public String toString() {
            return "Usable[" + workspaceId + "/" + name + ", revision=" + revision + "]";
        }
    }

    /** The integration has no tokens: never connected, disconnected, or its tokens were rejected before. */
    record NotConnected() implements Access {
    }

    /** The tokens stopped working just now and were reported: the integration is in error with {@code reason}. */
    record Unusable(String reason, String detail) implements Access {
    }

    /** The provider could not refresh the token now (down, or another worker's refresh still running). */
    record Unavailable(String detail) implements Access {
    }

    /** The token to use now, refreshed first when it expires within a minute; or why there is none. */
    Access access(String workspaceId, String name);

    /** The provider refused {@code usable}'s token as revoked or invalid: the integration goes to error. */
    Access rejected(Usable usable, String providerError);

    /** The provider says {@code usable}'s token expired (before its expiry here): the next access refreshes it. */
    void expired(Usable usable);
}
