package com.lealup.automation.playbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerFieldsPatch;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.expression.Expression;
import com.lealup.api.playbook.expression.ExpressionParser;
import com.lealup.api.projections.ColumnArrays;
import com.lealup.api.projections.ProcessorBatch;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The engine's own tables ({@code playbook_engine_*}): the facts of every customer, the playbooks, and the edge
 * state per (playbook, customer). Only the engine writes them, in the transaction of the event it handles (and of
 * the runs it starts), so they are exact at every event position.
 */
@Component
class EngineState {

    private static final int PARSED_CONDITIONS_KEPT = 1000;
    private static final String LOOKUPS = EngineState.class.getName() + ".lookups";
    private static final int STREAM_FETCH_SIZE = 1000;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() { };
    private static final TypeReference<List<PlaybookAction>> ACTIONS = new TypeReference<>() { };

    private final JdbcClient jdbc;
    /** Reads rows a thousand at a time, to stream a whole workspace's customers. */
    private final JdbcClient streaming;
    private final ProcessorBatch<FactsWrites> factsWrites = new ProcessorBatch<>("playbook-engine-facts",
            FactsWrites::new, this::write);
    private final ObjectMapper json;
    /** Conditions by text, parsed once: many customers are evaluated against few playbooks. */
    private final Map<String, Expression> parsed = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Expression> eldest) {
                    return size() > PARSED_CONDITIONS_KEPT;
                }
            });

    EngineState(JdbcClient jdbc, DataSource dataSource, ObjectMapper json) {
        this.jdbc = jdbc;
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(STREAM_FETCH_SIZE);
        this.streaming = JdbcClient.create(template);
        this.json = json;
    }

    // playbooks

    void savePlaybook(String playbookId, String workspaceId, PlaybookDefinition definition, long version) {
        playbooksChanged();
        PlaybookTrigger trigger = definition.trigger();
        jdbc.sql("""
                        INSERT INTO playbook_engine_playbook (playbook_id, workspace_id, name, trigger_type, condition,
                            event_type, actions, cooldown_days, enabled, version)
                        VALUES (:id, :ws, :name, :type, :condition, :event, CAST(:actions AS jsonb), :cooldown, :enabled,
                            :version)
                        ON CONFLICT (playbook_id) DO UPDATE SET name = EXCLUDED.name, trigger_type = EXCLUDED.trigger_type,
                            condition = EXCLUDED.condition, event_type = EXCLUDED.event_type, actions = EXCLUDED.actions,
                            cooldown_days = EXCLUDED.cooldown_days, enabled = EXCLUDED.enabled,
                            version = EXCLUDED.version""")
                .param("id", playbookId)
                .param("ws", workspaceId)
                .param("name", definition.name())
                .param("type", trigger.type())
                .param("condition", trigger.watchedCondition())
                .param("event", trigger.eventType())
                .param("actions", toJson(definition.actions()))
                .param("cooldown", definition.cooldownDays())
                .param("enabled", definition.enabled())
                .param("version", version)
                .update();
    }

    void forgetPlaybook(String playbookId) {
        playbooksChanged();
        jdbc.sql("DELETE FROM playbook_engine_arming WHERE playbook_id = ?").param(playbookId).update();
        jdbc.sql("DELETE FROM playbook_engine_playbook WHERE playbook_id = ?").param(playbookId).update();
    }

    Optional<WatchedPlaybook> enabledPlaybook(String playbookId) {
        return jdbc.sql("SELECT * FROM playbook_engine_playbook WHERE playbook_id = ? AND enabled")
                .param(playbookId).query(this::playbook).optional();
    }

    /** The workspace's enabled condition and renewal playbooks. */
    List<WatchedPlaybook> conditionPlaybooks(String workspaceId) {
        return perBatch(new Lookup("condition", workspaceId, null), () -> List.copyOf(jdbc.sql("""
                        SELECT * FROM playbook_engine_playbook
                        WHERE workspace_id = ? AND enabled AND condition IS NOT NULL ORDER BY playbook_id""")
                .param(workspaceId).query(this::playbook).list()));
    }

    /** Every enabled condition and renewal playbook, of every workspace. */
    List<WatchedPlaybook> conditionPlaybooks() {
        return jdbc.sql("SELECT * FROM playbook_engine_playbook WHERE enabled AND condition IS NOT NULL ORDER BY playbook_id")
                .query(this::playbook).list();
    }

    /** The event types the workspace's enabled event playbooks fire on. */
    Set<String> watchedEventTypes(String workspaceId) {
        return perBatch(new Lookup("watched", workspaceId, null), () -> Set.copyOf(jdbc.sql("""
                        SELECT DISTINCT event_type FROM playbook_engine_playbook
                        WHERE workspace_id = ? AND enabled AND event_type IS NOT NULL""")
                .param(workspaceId).query(String.class).list()));
    }

    List<WatchedPlaybook> eventPlaybooks(String workspaceId, String eventType) {
        return perBatch(new Lookup("event", workspaceId, eventType), () -> List.copyOf(jdbc.sql("""
                        SELECT * FROM playbook_engine_playbook
                        WHERE workspace_id = ? AND enabled AND event_type = ? ORDER BY playbook_id""")
                .params(workspaceId, eventType).query(this::playbook).list()));
    }

    /** A workspace's playbooks of one kind, as a lookup of the batch found them. */
    private record Lookup(String kind, String workspaceId, String eventType) {
    }

    /**
     * A lookup of the workspace's playbooks, made once per processor batch: the events of a batch of one workspace
     * would otherwise each read the same rows, mostly none. Exact: the engine, which is one segment, is the only
     * writer of the playbooks, and a batch that changes one forgets its lookups ({@link #playbooksChanged}); they live
     * in the batch's unit of work, so a batch rolled back takes them with it. Outside a batch, read at once. The
     * lookups are unmodifiable, since every event of the batch gets the same.
     */
    @SuppressWarnings("unchecked")
    private <T> T perBatch(Lookup lookup, Supplier<T> read) {
        if (!CurrentUnitOfWork.isStarted()) {
            return read.get();
        }
        Map<Lookup, Object> found = CurrentUnitOfWork.get().root().getOrComputeResource(LOOKUPS, k -> new HashMap<>());
        return (T) found.computeIfAbsent(lookup, k -> read.get());
    }

    private void playbooksChanged() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().resources().remove(LOOKUPS);
        }
    }

    // facts

    void createFacts(String customerId, String workspaceId, CustomerFields f) {
        String customFields = toJson(f.customFields() == null ? Map.of() : f.customFields());
        queueOrWrite(writes -> writes.created.add(new NewFacts(customerId, workspaceId, f, customFields)));
    }

    /** Applies a customer change: null fields are unchanged, {@code cleared} ones set to null, custom fields merged. */
    void updateFacts(String customerId, CustomerFields c, Set<String> cleared) {
        String customFields = toJson(c.customFields() == null ? Map.of() : c.customFields());
        queueOrWrite(writes -> writes.changed.add(new ChangedFacts(customerId, c, cleared, customFields)));
    }

    /** The customer's health as its scoring publishes it (null score and status: no data). */
    void updateHealth(String customerId, Integer score, String status) {
        factsWrites.flush();
        jdbc.sql("UPDATE playbook_engine_facts SET health_score = ?, health_status = ? WHERE customer_id = ?")
                .params(score, status, customerId).update();
    }

    void markDeleted(String customerId, boolean deleted) {
        factsWrites.flush();
        jdbc.sql("UPDATE playbook_engine_facts SET deleted = ? WHERE customer_id = ?").params(deleted, customerId).update();
    }

    /**
     * Customers' facts as their creations and changes write them: queued in a processor's batch and written just
     * before it commits ({@link ProcessorBatch}), the new customers in one statement and the changes in one more (one
     * per round, {@link ChangedFacts#rounds}), in stream order; at once outside a batch. The engine mostly reads no
     * facts (a workspace without condition or event playbooks); whatever reads or writes them otherwise
     * {@link ProcessorBatch#flush flushes} first, so that it sees every event before its own.
     */
    private static final class FactsWrites {

        final List<NewFacts> created = new ArrayList<>();
        /** In stream order. */
        final List<ChangedFacts> changed = new ArrayList<>();
    }

    /** A new customer's facts row; its custom fields as JSON. */
    private record NewFacts(String customerId, String workspaceId, CustomerFields fields, String customFields) {

        static final List<Function<NewFacts, Object>> COLUMNS = List.of(NewFacts::customerId, NewFacts::workspaceId,
                n -> n.fields.name(), n -> n.fields.emailDomain(), n -> n.fields.arr(), n -> n.fields.status(),
                n -> n.fields.ownerId(), n -> n.fields.segmentId(), n -> n.fields.renewalDate(),
                NewFacts::customFields);
    }

    /** A change of a customer's facts ({@link CustomerFieldsPatch}); its custom fields as JSON. */
    private record ChangedFacts(String customerId, CustomerFields fields, Set<String> cleared, String customFields) {

        static final List<Function<ChangedFacts, Object>> COLUMNS = List.of(ChangedFacts::customerId,
                c -> c.fields.name(), c -> c.fields.emailDomain(), c -> c.fields.arr(), c -> c.fields.status(),
                c -> c.cleared.contains(CustomerFields.OWNER_ID), c -> c.fields.ownerId(),
                c -> c.cleared.contains(CustomerFields.SEGMENT_ID), c -> c.fields.segmentId(),
                c -> c.cleared.contains(CustomerFields.RENEWAL_DATE), c -> c.fields.renewalDate(),
                ChangedFacts::customFields);
        /** One statement applies one change per customer: {@code UPDATE ... FROM} would apply only one of several. */
        static final String UPDATE = "UPDATE playbook_engine_facts SET "
                + CustomerFieldsPatch.assignments(parameter -> "u.p_" + parameter) + """

                FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS numeric[]),
                    CAST(? AS text[]), CAST(? AS boolean[]), CAST(? AS text[]), CAST(? AS boolean[]), CAST(? AS text[]),
                    CAST(? AS boolean[]), CAST(? AS text[]), CAST(? AS text[]))
                    AS u(p_id, p_name, p_domain, p_arr, p_status, p_clearOwner, p_owner, p_clearSegment, p_segment,
                        p_clearRenewal, p_renewal, p_custom)
                WHERE customer_id = u.p_id""";

        /**
         * The changes as rounds of at most one change per customer, each customer's in stream order: the first round
         * holds every customer's first change, the next their second, and so on. Mostly one round.
         */
        static List<List<ChangedFacts>> rounds(List<ChangedFacts> changes) {
            List<List<ChangedFacts>> rounds = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (ChangedFacts change : changes) {
                int round = seen.merge(change.customerId, 1, Integer::sum) - 1;
                if (round == rounds.size()) {
                    rounds.add(new ArrayList<>());
                }
                rounds.get(round).add(change);
            }
            return rounds;
        }
    }

    private void queueOrWrite(Consumer<FactsWrites> add) {
        FactsWrites queued = factsWrites.queue();
        FactsWrites writes = queued == null ? new FactsWrites() : queued;
        add.accept(writes);
        if (queued == null) {
            write(writes);
        }
    }

    /** The new customers first: a change in the same batch is always to a customer created before it. */
    private void write(FactsWrites writes) {
        try {
            if (!writes.created.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO playbook_engine_facts (customer_id, workspace_id, name, email_domain, arr,
                                    status, owner_id, segment_id, renewal_date, custom_fields)
                                SELECT id, ws, name, domain, CAST(arr AS numeric), status, owner, segment,
                                    CAST(renewal AS date), CAST(custom AS jsonb)
                                FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                    CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]),
                                    CAST(? AS text[]), CAST(? AS text[]))
                                    AS f(id, ws, name, domain, arr, status, owner, segment, renewal, custom)
                                ON CONFLICT (customer_id) DO NOTHING""")
                        .params(ColumnArrays.params(writes.created, NewFacts.COLUMNS))
                        .update();
            }
            for (List<ChangedFacts> round : ChangedFacts.rounds(writes.changed)) {
                jdbc.sql(ChangedFacts.UPDATE).params(ColumnArrays.params(round, ChangedFacts.COLUMNS)).update();
            }
        } finally {
            writes.created.clear();
            writes.changed.clear();
        }
    }

    void forgetCustomer(String customerId) {
        factsWrites.flush();
        jdbc.sql("DELETE FROM playbook_engine_arming WHERE customer_id = ?").param(customerId).update();
        jdbc.sql("DELETE FROM playbook_engine_open_task WHERE customer_id = ?").param(customerId).update();
        jdbc.sql("DELETE FROM playbook_engine_facts WHERE customer_id = ?").param(customerId).update();
    }

    void saveSegment(String segmentId, String name) {
        jdbc.sql("INSERT INTO playbook_engine_segment (segment_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(segmentId, name).update();
    }

    /** Counts a new open task of the customer; false when it was already counted. */
    boolean openTask(String taskId, String customerId) {
        factsWrites.flush();
        int added = jdbc.sql("INSERT INTO playbook_engine_open_task (task_id, customer_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(taskId, customerId).update();
        if (added > 0) {
            jdbc.sql("UPDATE playbook_engine_facts SET open_tasks = open_tasks + 1 WHERE customer_id = ?")
                    .param(customerId).update();
        }
        return added > 0;
    }

    /** Stops counting a task that closed; false when it was not counted (already closed). */
    boolean closeTask(String taskId, String customerId) {
        factsWrites.flush();
        int removed = jdbc.sql("DELETE FROM playbook_engine_open_task WHERE task_id = ?").param(taskId).update();
        if (removed > 0) {
            jdbc.sql("UPDATE playbook_engine_facts SET open_tasks = open_tasks - 1 WHERE customer_id = ?")
                    .param(customerId).update();
        }
        return removed > 0;
    }

    Optional<FactsRow> facts(String customerId) {
        factsWrites.flush();
        return jdbc.sql(FACTS + " WHERE f.customer_id = ?").param(customerId).query(this::factsRow).optional();
    }

    /** Streams the workspace's customers that are not in the trash (only those with a renewal date, if asked). */
    void forEachLiveCustomer(String workspaceId, boolean withRenewalOnly, Consumer<FactsRow> consumer) {
        factsWrites.flush();
        String sql = FACTS + " WHERE f.workspace_id = ? AND NOT f.deleted"
                + (withRenewalOnly ? " AND f.renewal_date IS NOT NULL" : "");
        try (Stream<FactsRow> rows = streaming.sql(sql).param(workspaceId).query(this::factsRow).stream()) {
            rows.forEach(consumer);
        }
    }

    // edge state

    /** When the playbook last fired for the customer, if it is recorded as matching now; empty otherwise. */
    record Arming(boolean matching, Instant lastFiredAt) {
    }

    Optional<Arming> arming(String playbookId, String customerId) {
        return jdbc.sql("SELECT matching, last_fired_at FROM playbook_engine_arming WHERE playbook_id = ? AND customer_id = ?")
                .params(playbookId, customerId)
                .query((ResultSet rs, int n) -> new Arming(rs.getBoolean("matching"), instant(rs.getTimestamp("last_fired_at"))))
                .optional();
    }

    Set<String> matchingCustomers(String playbookId) {
        return new HashSet<>(jdbc.sql("SELECT customer_id FROM playbook_engine_arming WHERE playbook_id = ? AND matching")
                .param(playbookId).query(String.class).list());
    }

    void record(String playbookId, String customerId, boolean matching, Instant lastFiredAt) {
        jdbc.sql("""
                        INSERT INTO playbook_engine_arming (playbook_id, customer_id, matching, last_fired_at)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (playbook_id, customer_id) DO UPDATE
                            SET matching = EXCLUDED.matching, last_fired_at = EXCLUDED.last_fired_at""")
                .params(playbookId, customerId, matching, lastFiredAt == null ? null : Timestamp.from(lastFiredAt))
                .update();
    }

    /** The condition no longer holds: the next time it does, the playbook may fire again. */
    void rearm(String playbookId, String customerId) {
        jdbc.sql("UPDATE playbook_engine_arming SET matching = FALSE WHERE playbook_id = ? AND customer_id = ? AND matching")
                .params(playbookId, customerId).update();
    }

    void rearmAll(String playbookId) {
        jdbc.sql("UPDATE playbook_engine_arming SET matching = FALSE WHERE playbook_id = ? AND matching")
                .param(playbookId).update();
    }

    private static final String FACTS = """
            SELECT f.*, f.custom_fields::text AS custom, s.name AS segment_name
            FROM playbook_engine_facts f LEFT JOIN playbook_engine_segment s ON s.segment_id = f.segment_id""";

    private FactsRow factsRow(ResultSet rs, int row) throws SQLException {
        Date renewal = rs.getDate("renewal_date");
        return new FactsRow(rs.getString("customer_id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("email_domain"), rs.getBigDecimal("arr"), rs.getString("status"), rs.getString("owner_id"),
                rs.getString("segment_name"), renewal == null ? null : renewal.toLocalDate(),
                fromJson(rs.getString("custom"), OBJECT), rs.getBigDecimal("health_score"),
                rs.getString("health_status"), rs.getInt("open_tasks"), rs.getBoolean("deleted"));
    }

    private WatchedPlaybook playbook(ResultSet rs, int row) throws SQLException {
        String condition = rs.getString("condition");
        return new WatchedPlaybook(rs.getString("playbook_id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getString("trigger_type"), condition == null ? null : parsed.computeIfAbsent(condition, ExpressionParser::parse),
                rs.getString("event_type"), fromJson(rs.getString("actions"), ACTIONS), rs.getInt("cooldown_days"),
                rs.getObject("version", Long.class));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static LocalDate day(Instant at) {
        return LocalDate.ofInstant(at, java.time.ZoneOffset.UTC);
    }
}
