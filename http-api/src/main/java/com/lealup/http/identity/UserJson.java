package com.lealup.http.identity;

import com.lealup.api.identity.UserView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A user in responses. */
@Schema(example = """
        {"id": "usr_01JD3K3A4B5C6D7E8F9G0H1J2K", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "email": "maria@northwind.io", "role": "csm", "locale": "es", "timezone": "Europe/Madrid",
            "territory_ids": ["ter_01JD3KCA3D4E5F6G7H8J9K0M1N"], "status": "invited",
            "created_at": "2026-03-01T10:05:00Z", "updated_at": "2026-03-01T10:05:00Z", "version": 1}""")
record UserJson(String id, String tenantId, String email, String role, String locale, String timezone,
                List<String> territoryIds, String status, Instant createdAt, Instant updatedAt, long version) {

    static UserJson of(UserView user) {
        return new UserJson(user.id(), user.workspaceId(), user.email(), user.role(), user.locale(), user.timezone(),
                user.territoryIds(), user.status(), user.createdAt(), user.updatedAt(), user.version());
    }
}
