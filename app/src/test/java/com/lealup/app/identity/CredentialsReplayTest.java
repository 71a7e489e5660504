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

/** The credentials projection (workspaces, keys, users) rebuilt from the event store gives the same rows, every time. */
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
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String admin = calls.user("admin@x.com", "admin");
        String ana = calls.user("ana@x.com", "csm");
        assertThat(calls.changeRole(ana, "manager").status()).isEqualTo(200);
        String territory = http().post("/v1/territories").token(workspace.token()).json(Map.of("name", "LATAM")).send()
                .json().path("id").asText();
        assertThat(calls.update(ana, Map.of("locale", "pt", "timezone", "America/Sao_Paulo",
                "territory_ids", List.of(territory))).status()).isEqualTo(200);
        assertThat(http().delete("/v1/users/" + ana).token(workspace.token()).send().status()).isEqualTo(204);
        String adminsKey = calls.key("csm", List.of("customers:read"), admin);
        List<Map<String, Object>> before = rows();
        assertThat(before).anySatisfy(row -> assertThat(row).containsEntry("user_id", ana)
                .containsEntry("role", "manager").containsEntry("locale", "pt").containsEntry("timezone", "America/Sao_Paulo")
                .containsEntry("territory_ids", territory).containsEntry("status", "deactivated")
                .containsEntry("version", 4L));
        assertThat(before).anySatisfy(row -> assertThat(row).containsEntry("key_id", key));
        assertThat(before).filteredOn(row -> key.equals(row.get("key_id")))
                .allSatisfy(row -> assertThat(row.get("revoked_at")).isNotNull());

        // rows no event accounts for must go, damaged ones must come back
        jdbc.update("INSERT INTO credentials_workspace VALUES ('wsp_stray', 'Stray', 'free', now())");
        jdbc.update("UPDATE credentials_api_key SET name = 'damaged'");
        jdbc.update("UPDATE user_view SET role = 'viewer', locale = 'en', territory_ids = '', version = 99");
        replayAndAwait(before);
        replayAndAwait(before);

        assertThat(http().get("/v1/api-keys").token(workspace.token()).send().status()).isEqualTo(200);
        // the key bound to the admin acts as the admin again, once the cache learnt of the replay
        assertThat(http().get("/v1/users/me").token(adminsKey).send().json().path("role").asText()).isEqualTo("admin");
    }

    private void replayAndAwait(List<Map<String, Object>> expected) throws InterruptedException {
        ProjectionReplay.replayAndAwait(processing, "credentials", this::rows, expected);
    }

    private List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>(
                jdbc.queryForList("SELECT * FROM credentials_workspace ORDER BY workspace_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM credentials_api_key ORDER BY key_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM user_view ORDER BY user_id"));
        return rows;
    }
}
