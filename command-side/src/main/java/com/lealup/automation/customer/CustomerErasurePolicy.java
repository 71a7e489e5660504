package com.lealup.automation.customer;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import com.lealup.api.PersonalData;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportRow;
import com.lealup.api.bulkimport.ImportRowsProcessed;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.notification.NotificationFailed;
import com.lealup.api.notification.NotificationRequested;
import com.lealup.api.notification.NotificationRetryScheduled;
import com.lealup.api.playbook.PlaybookActionFailed;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.projections.Lingers;
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
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the erasure of a customer does outside the event format and the read models (docs/gdpr-erasure.md), from
 * {@link CustomerErased}, idempotent (handling it again finds nothing left to do):
 * <ul>
 * <li>the stored idempotent responses that name the customer are deleted (a replayed response would return its
 * data);</li>
 * <li>events stored in clear, before personal data was sealed (or by the benchmark's reference run), cannot be
 * shredded by destroying a key: their personal values are overwritten in place with the sealed form of an erased
 * value (it reads as {@code "[erased]"}), in the event store and in the dead letters. This is the one sanctioned
 * rewrite of stored events. A customer whose creation is sealed has nothing in clear, and costs no scan.</li>
 * <li>the same overwrite for the rows of bulk imports that name the customer, and for the failure messages stored
 * before failures named their customer;</li>
 * <li>the cause messages of the letters parked for the customer's events are replaced.</li>
 * </ul>
 */
@Component
@ProcessingGroup("customer-erasure")
@Lingers
class CustomerErasurePolicy {

    private static final String SEALED = "pd:v1:";
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();
    /** Decimals kept exactly (a double would turn {@code 15.00} into {@code 15.0}), plain as the event format writes. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    /** Where an event is stored as written: the store, and the dead letters that parked one (each with its key). */
    private static final List<Table> EVENT_TABLES = List.of(new Table("domain_event_entry", "global_index"),
            new Table("dead_letter_entry", "dead_letter_id"));

    private final JdbcClient jdbc;

    CustomerErasurePolicy(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CustomerErased event) {
        String customerId = event.customerId();
        // the key keeps its place without its request's fingerprint and answer: a retry must neither show the erased
        // data nor create the customer again
        jdbc.sql("""
                        UPDATE idempotency_key SET state = 'erased', request_hash = '', response_status = NULL,
                        response_headers = NULL, response_body = NULL
                        WHERE workspace_id = ?
                        AND (position(? in path) > 0 OR position(convert_to(?, 'UTF8') in response_body) > 0)""")
                .params(event.workspaceId(), customerId, customerId).update();
        eraseDeadLetterCauses(customerId);
        if (storedInClear(customerId)) {
            EVENT_TABLES.forEach(table -> eraseClearValues(table, customerId));
        } else {
            eraseClearOutcomes(customerId);
        }
        eraseImportRows(customerId);
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
                .param(aggregateId).query(byte[].class).optional().map(CustomerErasurePolicy::tree)
                .orElse(MissingNode.getInstance());
        String customerId = first.path("customer_id").asText(null);
        String run = first.path("source").path("playbook_run_id").asText(null);
        return customerId != null || run == null ? customerId : subjectOf(run);
    }

    /**
     * A bulk import keeps its rows, as they were sent, in its {@link ImportJobStarted}: not sealed, since a row has
     * no customer (and so no key) before it is imported. The jobs whose rows name this customer are in
     * {@code import_job_customer} (written with each chunk: rows that created, updated or skipped it, or failed
     * against it); jobs of before that table are the ones that created or changed it, the actors of its own events.
     * In each, the rows whose outcome ({@link ImportRowsProcessed}) names the customer get their personal values
     * overwritten in place.
     */
    private void eraseImportRows(String customerId) {
        Set<String> jobs = new LinkedHashSet<>(jdbc.sql("SELECT job_id FROM import_job_customer WHERE customer_id = ?")
                .param(customerId).query(String.class).list());
        jdbc.sql("SELECT DISTINCT meta_data FROM domain_event_entry WHERE aggregate_identifier = ?")
                .param(customerId).query(byte[].class).list().stream().map(CustomerErasurePolicy::tree)
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
                                changed |= erase(row, ImportRow.class, SEALED + customerId + ":");
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
                    return name.isTextual() && !name.asText().startsWith(SEALED);
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
        if (erase(payload, type, SEALED + customerId + ":")) {
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
                if (!(value.isTextual() && value.asText().startsWith(SEALED))) {
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
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table of stored events, and its key column. */
    private record Table(String name, String key) {
    }
}
