package com.lealup.app.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.MetadataKeys;
import com.lealup.api.deadletters.DeadLetterSequence;
import com.lealup.api.deadletters.ListDeadLetters;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What is parked in {@code dead_letter_entry}, read straight from the table (across nodes). */
@Component
class DeadLetterInventory {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    DeadLetterInventory(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Per processing group that has any: its parked sequences and letters. */
    Map<String, Counts> counts() {
        Map<String, Counts> counts = new TreeMap<>();
        jdbc.sql("""
                        SELECT processing_group, count(DISTINCT sequence_identifier) AS sequences, count(*) AS letters
                        FROM dead_letter_entry GROUP BY processing_group""")
                .query(rs -> {
                    counts.put(rs.getString("processing_group"), new Counts(rs.getLong("sequences"), rs.getLong("letters")));
                });
        return counts;
    }

    /** A page of parked sequences by processing group and sequence id, each described by its first letter. */
    @QueryHandler
    ListDeadLetters.Page handle(ListDeadLetters query) {
        String afterGroup = query.after() == null ? "" : query.after().getOrDefault("processing_group", "");
        String afterSequence = query.after() == null ? "" : query.after().getOrDefault("sequence_id", "");
        List<DeadLetterSequence> rows = jdbc.sql("""
                        SELECT d.*, s.letters
                        FROM (SELECT processing_group, sequence_identifier, count(*) AS letters,
                                     min(sequence_index) AS first_index
                              FROM dead_letter_entry
                              WHERE (CAST(:group AS text) IS NULL OR processing_group = :group)
                                AND (processing_group, sequence_identifier) > (:afterGroup, :afterSequence)
                              GROUP BY processing_group, sequence_identifier
                              ORDER BY processing_group, sequence_identifier
                              LIMIT :limit) s
                        JOIN dead_letter_entry d ON d.processing_group = s.processing_group
                            AND d.sequence_identifier = s.sequence_identifier AND d.sequence_index = s.first_index
                        ORDER BY d.processing_group, d.sequence_identifier""")
                .param("group", query.processingGroup())
                .param("afterGroup", afterGroup)
                .param("afterSequence", afterSequence)
                .param("limit", query.limit())
                .query((rs, n) -> sequence(rs))
                .list();
        return new ListDeadLetters.Page(rows);
    }

    private DeadLetterSequence sequence(ResultSet rs) throws SQLException {
        return new DeadLetterSequence(rs.getString("processing_group"), rs.getString("sequence_identifier"),
                rs.getLong("letters"), rs.getString("event_identifier"), rs.getString("payload_type"),
                rs.getString("aggregate_identifier"), workspaceOf(rs.getBytes("meta_data")),
                Instant.parse(rs.getString("time_stamp")), rs.getString("cause_type"), rs.getString("cause_message"),
                instant(rs.getString("enqueued_at")), instant(rs.getString("last_touched")));
    }

    /** The workspace the event belongs to, from its metadata as Axon serialised it (JSON). */
    private String workspaceOf(byte[] metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            JsonNode workspace = json.readTree(metadata).get(MetadataKeys.WORKSPACE_ID);
            return workspace == null || workspace.isNull() ? null : workspace.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** An instant as Axon's dead-letter queue writes it (text, V36). */
    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    record Counts(long sequences, long letters) {
    }
}
