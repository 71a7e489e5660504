package com.lealup.http.integration;

import com.lealup.api.integration.IntegrationView;
import org.springframework.lang.Nullable;
import com.lealup.api.integration.Integrations;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * An integration as the API shows it. A pending authorization whose state expired shows what it was before:
 * connected when it had been connected, otherwise disconnected.
 */
@Schema(example = """
        {"name": "hubspot", "status": "connected", "connected_at": "2026-11-02T10:15:00Z", "error": null}""")
record IntegrationJson(String name, String status, @Nullable Instant connectedAt, @Nullable String error) {

    static IntegrationJson disconnected(String name) {
        return new IntegrationJson(name, Integrations.DISCONNECTED, null, null);
    }

    static IntegrationJson of(IntegrationView view, Instant now) {
        String status = view.status();
        if (Integrations.PENDING.equals(status) && view.pendingUntil() != null && !view.pendingUntil().isAfter(now)) {
            status = view.connectedAt() != null ? Integrations.CONNECTED : Integrations.DISCONNECTED;
        }
        return new IntegrationJson(view.name(), status, view.connectedAt(), view.error());
    }
}
