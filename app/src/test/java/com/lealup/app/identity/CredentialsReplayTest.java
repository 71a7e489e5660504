package com.lealup.app.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.support.ProjectionReplay;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The credentials projection rebuilt from the event store gives the same rows, every time. */
class CredentialsReplayTest extends ApiTest {

    @Autowired
    private EventProcessingConfiguration processing;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aReplayRebuildsTheSameRows() throws InterruptedException {
        Workspace workspace = newWorkspace();
        String key = http().post("/v1/api-keys").token(workspace.token())
                .json(Map.of("name", "Temp", "role", "viewer", "scopes", List.of("customers:read"))).send()
                .json().path("id").asText();
        assertThat(http().delete("/v1/api-keys/" + key).token(workspace.token()).send().status()).isEqualTo(204);
        List<Map<String, Object>> before = rows();
        assertThat(before).anySatisfy(row -> assertThat(row).containsEntry("key_id", key));
        assertThat(before).filteredOn(row -> key.equals(row.get("key_id")))
                .allSatisfy(row -> assertThat(row.get("revoked_at")).isNotNull());

        // rows no event accounts for must go, damaged ones must come back
        jdbc.update("INSERT INTO credentials_workspace VALUES ('wsp_stray', 'Stray', 'free', now())");
        jdbc.update("UPDATE credentials_api_key SET name = 'damaged'");
        replayAndAwait(before);
        replayAndAwait(before);

        assertThat(http().get("/v1/api-keys").token(workspace.token()).send().status()).isEqualTo(200);
    }

    private void replayAndAwait(List<Map<String, Object>> expected) throws InterruptedException {
        ProjectionReplay.replayAndAwait(processing, "credentials", this::rows, expected);
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>(
                jdbc.queryForList("SELECT * FROM credentials_workspace ORDER BY workspace_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM credentials_api_key ORDER BY key_id"));
        return rows;
    }
}
