package com.lealup.app.axon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import com.lealup.api.PersonalData;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportRow;
import com.lealup.api.bulkimport.ImportRowsProcessed;
import com.lealup.api.customer.ErasedStoredEvents;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.task.TaskCompleted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link ErasedStoredEvents} on the event store's and the dead letters' tables, next to the event format whose sealed
 * values ({@link PersonalDataFormat}) it leaves alone:
 * <ul>
 * <li>events stored in clear (before personal data was sealed, or by the benchmark's reference run) get their
 * personal values overwritten in place with the sealed form of an erased value (it reads as {@code "[erased]"}), in
 * the event store and in the dead letters. A customer whose creation is sealed has nothing in clear, and costs no
 * scan;</li>
 * <li>the same overwrite for the rows of bulk imports that name the customer, and for the failure messages of
 * revision 1, which named no customer;</li>
 * <li>the cause messages of the letters parked for the customer's events are replaced.</li>
 * </ul>
 */
@Component
class JdbcErasedStoredEvents implements ErasedStoredEvents {

    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    /** Where an event is stored as written: the store, and the dead letters that parked one (each with its key). */
    private static final List<Table> EVENT_TABLES = List.of(new Table("domain_event_entry", "global_index"),
            new Table("dead_letter_entry", "dead_letter_id"));

    private final JdbcClient jdbc;

    JdbcErasedStoredEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void erase(String customerId, Set<String> importJobs) {
        eraseDeadLetterCauses(customerId);
        if (storedInClear(customerId)) {
            EVENT_TABLES.forEach(table -> eraseClearValues(table, customerId));
        } else {
            eraseClearOutcomes(customerId);
        }
        eraseImportRows(customerId, importJobs);
        eraseUnnamedFailures(customerId);
    }

    /**
     * The failure a letter parked for the customer's events keeps (its cause's message) could quote its values:
     * letters parked before causes were kept without values (the app's {@code DeadLetterCause}) may. Their message
     * goes; the type of the failure stays. The event itself is sealed, or overwritten as events stored in clear are.
     */
    private void eraseDeadLetterCauses(String customerId) {
        jdbc.sql("""
                        UPDATE dead_letter_entry SET cause_message = ?
                        WHERE (sequence_identifier = ? OR aggregate_identifier = ? OR position(? in payload) > 0)
                        AND cause_message IS NOT NULL AND cause_message <> ?""")
                .params(PersonalData.ERASED, customerId, customerId, namedIn(customerId), PersonalData.ERASED).update();
    }

    /** How an event's payload names the customer (its {@code customer_id}). */
    private static byte[] namedIn(String customerId) {
        return ("\"customer_id\":\"" + customerId + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A failure's message (an action's {@link PlaybookActionFailed}, a notification's {@link NotificationFailed} or
     * {@link NotificationRetryScheduled}) is sealed with the key of the customer its revision 2 names. Revision 1
     * named none and holds its message in clear: the ones of this customer's runs and notifications (their first
     * event names it) are overwritten in place. They are found through a partial index (V22) that holds only them.
     */
    private void eraseUnnamedFailures(String customerId) {
        // literals, not parameters: a generic plan could not prove the partial index's condition
        String unnamed = " WHERE payload_revision IS NULL AND payload_type IN ('" + PlaybookActionFailed.class.getName()
                + "', '" + NotificationFailed.class.getName() + "', '" + NotificationRetryScheduled.class.getName() + "')";
        for (Table table : EVENT_TABLES) {
            List<String> aggregates = jdbc.sql("SELECT DISTINCT aggregate_identifier FROM " + table.name() + unnamed)
                    .query(String.class).list();
            for (String aggregate : aggregates) {
                if (customerId.equals(subjectOf(aggregate))) {
                    jdbc.sql("SELECT " + table.key() + " AS id, payload_type, payload FROM " + table.name() + unnamed
                                    + " AND aggregate_identifier = ?")
                            .param(aggregate).query().listOfRows()
                            .forEach(row -> eraseRow(table, row, customerId));
                }
            }
        }
    }

    /**
     * The customer of a run or a notification, named by its first event ({@link PlaybookTriggered},
     * {@link NotificationRequested}); a notification requested before it named one, by the run that asked for it.
     */
    private String subjectOf(String aggregateId) {
        JsonNode first = jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(aggregateId).query(byte[].class).optional().map(JdbcErasedStoredEvents::tree)
                .orElse(MissingNode.getInstance());
        String customerId = first.path("customer_id").asText(null);
        String run = first.path("source").path("playbook_run_id").asText(null);
        return customerId != null || run == null ? customerId : subjectOf(run);
    }

    /**
     * A bulk import keeps its rows, as they were sent, in its {@link ImportJobStarted}: not sealed, since a row has
     * no customer (and so no key) before it is imported. The jobs whose rows name this customer are those the
     * erasure names (the command side records them with each chunk: rows that created, updated or skipped it, or
     * failed against it) and the actors of its own events (the jobs that created or changed it, recorded also where
     * the command side's record of jobs is missing: jobs run before it was kept).
     * In each, the rows whose outcome ({@link ImportRowsProcessed}) names the customer get their personal values
     * overwritten in place.
     */
    private void eraseImportRows(String customerId, Set<String> namingJobs) {
        Set<String> jobs = new LinkedHashSet<>(namingJobs);
        jdbc.sql("SELECT DISTINCT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(customerId).query(byte[].class).list().stream().map(JdbcErasedStoredEvents::tree)
                .filter(metadata -> Actor.IMPORT.equals(metadata.path(MetadataKeys.ACTOR_TYPE).asText()))
                .forEach(metadata -> jobs.add(metadata.path(MetadataKeys.ACTOR_ID).asText()));
        for (String job : jobs) {
            List<Integer> rows = new ArrayList<>();
            jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?")
                    .params(job, ImportRowsProcessed.class.getName()).query(byte[].class).list()
                    .forEach(chunk -> tree(chunk).path("outcomes").forEach(outcome -> {
                        if (customerId.equals(outcome.path("customer_id").asText())) {
                            rows.add(outcome.path("row").asInt());
                        }
                    }));
            jdbc.sql("SELECT global_index, payload FROM domain_event_entry WHERE aggregate_identifier = ? AND payload_type = ?")
                    .params(job, ImportJobStarted.class.getName()).query().listOfRows().forEach(started -> {
                        JsonNode payload = tree((byte[]) started.get("payload"));
                        boolean changed = false;
                        for (JsonNode row : payload.path("rows")) {
                            if (rows.contains(row.path("row").asInt())) {
                                changed |= erase(row, ImportRow.class, PersonalDataFormat.erased(customerId));
                            }
                        }
                        if (changed) {
                            jdbc.sql("UPDATE domain_event_entry SET payload = ? WHERE global_index = ?")
                                    .params(bytes(payload), started.get("global_index")).update();
                        }
                    });
        }
    }

    /** True when the customer's creation holds its name in clear (older events, or the benchmark's reference). */
    private boolean storedInClear(String customerId) {
        return jdbc.sql("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? AND sequence_number = 0")
                .param(customerId).query(byte[].class).optional()
                .map(payload -> {
                    JsonNode name = tree(payload).path("fields").path("name");
                    return name.isTextual() && !name.asText().startsWith(PersonalDataFormat.SEALED);
                })
                .orElse(false);
    }

    /**
     * Overwrites the personal values of every event of {@code table} that names the customer: its own stream and the
     * events of other aggregates about it (tasks, playbook runs), found by their {@code customer_id}.
     */
    private void eraseClearValues(Table table, String customerId) {
        jdbc.sql("SELECT " + table.key() + " AS id, payload_type, payload FROM " + table.name()
                        + " WHERE aggregate_identifier = ? OR position(? in payload) > 0")
                .params(customerId, namedIn(customerId)).query().listOfRows()
                .forEach(row -> eraseRow(table, row, customerId));
    }

    /**
     * A task's outcome is free text, sealed as its notes are since {@link TaskCompleted} marks it personal; the
     * completions stored before hold it in clear, and are overwritten as events stored in clear are, in the store and
     * in any dead letter that parked one.
     */
    private void eraseClearOutcomes(String customerId) {
        for (Table table : EVENT_TABLES) {
            jdbc.sql("SELECT " + table.key() + " AS id, payload_type, payload FROM " + table.name()
                            + " WHERE payload_type = ? AND position(? in payload) > 0")
                    .params(TaskCompleted.class.getName(), namedIn(customerId)).query().listOfRows()
                    .forEach(row -> eraseRow(table, row, customerId));
        }
    }

    /** Overwrites the clear personal values of one stored event ({@code id}, {@code payload_type}, {@code payload}). */
    private void eraseRow(Table table, Map<String, Object> row, String customerId) {
        Class<?> type;
        try {
            type = Class.forName((String) row.get("payload_type"));
        } catch (ClassNotFoundException e) {
            return; // not an event of today's code: it holds none of today's personal data
        }
        JsonNode payload = tree((byte[]) row.get("payload"));
        if (erase(payload, type, PersonalDataFormat.erased(customerId))) {
            jdbc.sql("UPDATE " + table.name() + " SET payload = ? WHERE " + table.key() + " = ?")
                    .params(bytes(payload), row.get("id")).update();
        }
    }

    /** Replaces the clear personal values of {@code node} (the JSON of a {@code type}); true if any was replaced. */
    private static boolean erase(JsonNode node, Class<?> type, String erased) {
        if (!type.isRecord() || !(node instanceof ObjectNode object)) {
            return false;
        }
        boolean changed = false;
        for (RecordComponent component : type.getRecordComponents()) {
            String name = SNAKE.translate(component.getName());
            JsonNode value = object.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (component.isAnnotationPresent(PersonalData.class)) {
                if (!(value.isTextual() && value.asText().startsWith(PersonalDataFormat.SEALED))) {
                    object.set(name, new TextNode(erased));
                    changed = true;
                }
            } else {
                changed |= erase(value, component.getType(), erased);
            }
        }
        return changed;
    }

    private static JsonNode tree(byte[] payload) {
        try {
            return ExactJson.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode payload) {
        try {
            return ExactJson.MAPPER.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table of stored events, and its key column. */
    private record Table(String name, String key) {
    }
}
