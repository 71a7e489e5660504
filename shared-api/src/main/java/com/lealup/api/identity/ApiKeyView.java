package com.lealup.api.identity;

import java.time.Instant;
import java.util.List;

/** An API key as the read model knows it; {@code revokedAt} is null while the key is valid. */
public record ApiKeyView(String id, String workspaceId, String name, String role, List<String> scopes, String userId,
                         String secretHash, Instant createdAt, Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
