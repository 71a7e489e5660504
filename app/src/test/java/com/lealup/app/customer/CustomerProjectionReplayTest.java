package com.lealup.app.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customers and segments read models rebuilt from the event store give the same rows, every time:
 * the projections use event data only (never the wall clock) and every write is guarded by the version.
 */
class CustomerProjectionReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void replayingTwiceRebuildsTheSameCustomersAndContacts() throws InterruptedException {
        Workspace ws = newWorkspace();
        String segment = http().post("/v1/segments").token(ws.token()).json(Map.of("name", "Enterprise")).send()
                .json().path("id").asText();
        String acme = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Compañía Acme",
                "email_domain", "acme.com", "arr", 1000, "segment_id", segment, "custom_fields", Map.of("tier", "Gold")))
                .send().json().path("id").asText();
        String beta = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Beta", "email_domain", "beta.com"))
                .send().json().path("id").asText();
        Map<String, Object> patch = new HashMap<>();
        patch.put("arr", 2500.5);
        patch.put("segment_id", null);
        patch.put("custom_fields", Map.of("seats", 12));
        assertThat(http().patch("/v1/customers/" + acme).token(ws.token()).json(patch).send().status()).isEqualTo(200);
        String contact = http().post("/v1/customers/" + acme + "/contacts").token(ws.token())
                .json(Map.of("name", "Maria", "email", "maria@acme.com", "whatsapp_number", "+56911112222")).send()
                .json().path("id").asText();
        http().post("/v1/customers/" + acme + "/contacts").token(ws.token())
                .json(Map.of("name", "Juan", "email", "juan@acme.com")).send();
        http().patch("/v1/customers/" + acme + "/contacts/" + contact).token(ws.token()).json(Map.of("title", "CEO")).send();
        assertThat(http().delete("/v1/customers/" + beta).token(ws.token()).send().status()).isEqualTo(204);

        List<Map<String, Object>> customers = customerRows(ws.id());
        assertThat(customers).hasSize(4);
        // damage the read model: a replay must repair it
        jdbc.update("UPDATE customer_view SET arr = 0, name = 'damaged' WHERE workspace_id = ?", ws.id());
        jdbc.update("DELETE FROM contact_view WHERE customer_id = ?", acme);

        ProjectionReplay.replayAndAwait(processing, "customers", () -> customerRows(ws.id()), customers);
        ProjectionReplay.replayAndAwait(processing, "customers", () -> customerRows(ws.id()), customers);

        List<Map<String, Object>> segments = jdbc.queryForList("SELECT * FROM segment_view WHERE workspace_id = ?", ws.id());
        jdbc.update("DELETE FROM segment_view WHERE workspace_id = ?", ws.id());
        ProjectionReplay.replayAndAwait(processing, "segments",
                () -> jdbc.queryForList("SELECT * FROM segment_view WHERE workspace_id = ?", ws.id()), segments);
        assertThat(http().get("/v1/customers/" + acme).token(ws.token()).send().json().path("name").asText())
                .isEqualTo("Compañía Acme");
    }

    /** Every column of the workspace's customers and of their contacts. */
    private List<Map<String, Object>> customerRows(String workspaceId) {
        List<Map<String, Object>> rows = new ArrayList<>(jdbc.queryForList(
                "SELECT *, custom_fields::text AS custom FROM customer_view WHERE workspace_id = ? ORDER BY id", workspaceId));
        rows.addAll(jdbc.queryForList("SELECT * FROM contact_view WHERE workspace_id = ? ORDER BY id", workspaceId));
        return rows;
    }
}
