package com.lealup.http.apikeys;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.lang.Nullable;
import com.lealup.api.identity.ApiKeyView;
import java.time.Instant;
import java.util.List;

/** An API key in responses; {@code secret} only in the answer that created the key. */
public record ApiKeyJson(String id, String tenantId, String name, String role, List<String> scopes, @Nullable String userId,
                         Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    /** A key does not change until it is revoked, which ends it: its version is its first. */
    public static final long ONLY_VERSION = 1;

    public static ApiKeyJson of(ApiKeyView key, String secret) {
        return new ApiKeyJson(key.id(), key.workspaceId(), key.name(), key.role(), key.scopes(), key.userId(),
                key.createdAt(), secret);
    }
}
