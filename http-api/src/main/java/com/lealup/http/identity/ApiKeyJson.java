package com.lealup.http.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.lang.Nullable;
import com.lealup.api.identity.ApiKeyView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** An API key in responses; {@code secret} only in the answer that created the key. */
@Schema(example = """
        {"id": "key_01JD3KBA2C3D4E5F6G7H8J9K0M", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X", "name": "CRM sync",
            "role": "csm", "scopes": ["customers:read", "customers:write"], "user_id": null,
            "created_at": "2026-03-02T09:30:00Z"}""")
record ApiKeyJson(String id, String tenantId, String name, String role, List<String> scopes, @Nullable String userId,
                  Instant createdAt, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    /** A key does not change until it is revoked, which ends it: its version is its first. */
    static final long ONLY_VERSION = 1;

    static ApiKeyJson of(ApiKeyView key, String secret) {
        return new ApiKeyJson(key.id(), key.workspaceId(), key.name(), key.role(), key.scopes(), key.userId(),
                key.createdAt(), secret);
    }
}
