package com.lealup.write.integration;

import java.util.Optional;

/**
 * The port through which the notification channels read an integration's token ({@code integration_credential}).
 * Implemented by {@link IntegrationCredentials}; connecting and disconnecting write it directly.
 */
public interface IntegrationCredentialsPort {

    /** The access token of a connected integration, decrypted; empty when it is not connected. */
    Optional<String> accessToken(String workspaceId, String name);
}
