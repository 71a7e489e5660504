package com.lealup.app.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.persistence.DatabaseBeforeMigration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V55: segment and territory claims made with PostgreSQL's {@code lower()} are keyed again by {@code Names.caseless},
 * from the name their read model shows, or from the old key without one; of two claims the new key calls alike, the
 * second keeps its old key.
 */
class CaselessNameClaimsMigrationTest {

    @Test
    void claimsAreKeyedAgainCaselessly() throws Exception {
        try (DatabaseBeforeMigration db = DatabaseBeforeMigration.upTo("54", "caseless-name-claims")) {
            JdbcTemplate jdbc = db.jdbc();
            segment(jdbc, "ws_1", "seg_1", "Straße");
            segment(jdbc, "ws_1", "seg_2", "STRASSE");
            segment(jdbc, "ws_2", "seg_3", "ΤΕΣΤ ΑΣ");
            // a claim its read model does not show yet: keyed from the old key
            jdbc.update("INSERT INTO territory_name_claim (workspace_id, name_key, territory_id) VALUES ('ws_1', 'oﬀice', 'ter_1')");

            db.migrate();

            assertThat(jdbc.queryForList("SELECT segment_id || ' ' || name_key FROM segment_name_claim ORDER BY 1",
                    String.class)).containsExactly("seg_1 straße", "seg_2 strasse", "seg_3 τεστ ας");
            assertThat(jdbc.queryForObject("SELECT name_key FROM territory_name_claim", String.class)).isEqualTo("office");
            // a key may outgrow the 200 characters of its name
            jdbc.update("INSERT INTO segment_name_claim (workspace_id, name_key, segment_id) VALUES ('ws_1', ?, 'seg_4')",
                    "ffi".repeat(200));
        }
    }

    private static void segment(JdbcTemplate jdbc, String workspaceId, String id, String name) {
        jdbc.update("INSERT INTO segment_name_claim (workspace_id, name_key, segment_id) VALUES (?, lower(?), ?)",
                workspaceId, name, id);
        jdbc.update("INSERT INTO segment_view (id, workspace_id, name, name_key, created_at) VALUES (?, ?, ?, lower(?), now())",
                id, workspaceId, name, name);
    }
}
