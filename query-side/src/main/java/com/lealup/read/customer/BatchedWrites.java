package com.lealup.read.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerFieldsPatch;
import com.lealup.api.projections.ColumnArrays;
import com.lealup.api.projections.ProcessorBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The customers projection's writes of {@code customer_view} rows from customer and health events, whose row counts
 * it does not need: folded per customer for the processor's batch ({@link CustomerChange}) and sent just before its
 * transaction commits as at most four multi-row statements ({@code INSERT ... SELECT FROM unnest(...)} of the
 * customers the batch creates, {@code UPDATE ... FROM unnest(...)} of the others, then their scores): a batch of a
 * thousand events costs a few round trips and one row written per customer instead of a statement per event, which
 * is what a replay spent its time on (docs/PERFORMANCE.md, Replay). Anything that reads or needs a count
 * {@link #flush}es first, so every statement still sees the ones before it. Outside a batch (a dead letter's retry,
 * a test) each event's change is sent at once, through the same statements.
 * <p>
 * Queued only inside a processor's batch ({@link ProcessorBatch}), flushed before the batch commits, so the emitter's
 * updates (sent after the commit) and the token (stored in the same transaction) follow the rows they tell of. A failing statement fails the batch at
 * the commit (or in the handler of a later event that flushes), where no handler can isolate it: {@link ProcessorBatch}
 * then turns the queue off for a minute and fails the whole batch as transient; the processor retries it with every
 * event's change sent in its own handler, and the failing event is isolated and dead-lettered as any other
 * (docs/running.md).
 */
final class BatchedWrites {


    private static final String TRASH = """
            deleted_at = CASE u.p_trash WHEN 'DELETED' THEN u.p_deleted WHEN 'RESTORED' THEN NULL ELSE deleted_at END,
            purge_after = CASE u.p_trash WHEN 'DELETED' THEN u.p_purge WHEN 'RESTORED' THEN NULL ELSE purge_after END,
            updated_at = u.p_at, version = u.p_version""";
    /**
     * Each statement answers the customers whose row it left alone though it was older than the change's last
     * event: a row past some of a run's events but not all (a batch redelivered over a merge of segments), whose
     * events are then applied one by one. Its sub-statements all see the rows as they were before it.
     */
    private static final String INSERT_CREATED = """
            WITH r AS (SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::numeric[], ?::text[], ?::text[], ?::text[], ?::text[], ?::date[], ?::text[], ?::jsonb[],
                    ?::boolean[], ?::timestamptz[], ?::timestamptz[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])
                AS r(id, ws, name, name_key, search, domain, arr, currency, status, owner, segment, renewal, forecast,
                    custom, strip, created, at, version, deleted, purge)),
            inserted AS (
                INSERT INTO customer_view (id, workspace_id, name, name_key, search_text, email_domain, arr, currency,
                    status, owner_id, segment_id, renewal_date, forecast_category, custom_fields, created_at,
                    updated_at, version, deleted_at, purge_after)
                SELECT id, ws, name, name_key, search, domain, arr, currency, status, owner, segment, renewal,
                    forecast, CASE WHEN strip THEN jsonb_strip_nulls(custom) ELSE custom END, created, at, version,
                    deleted, purge
                FROM r
                ON CONFLICT (id) DO NOTHING)
            SELECT r.id FROM r JOIN customer_view v ON v.id = r.id WHERE v.version < r.version""";
    private static final String PATCHES = """
            WITH u AS (SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::text[],
                    ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::boolean[],
                    ?::text[], ?::boolean[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[])
                AS u(p_id, p_first, p_version, p_at, p_trash, p_deleted, p_purge, p_name, p_domain, p_arr, p_status,
                    p_clearOwner, p_owner, p_clearSegment, p_segment, p_clearRenewal, p_renewal, p_custom, p_nameKey,
                    p_currency, p_forecast)),
            """;
    private static final String TRASHES = """
            WITH u AS (SELECT * FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::text[],
                    ?::timestamptz[], ?::timestamptz[]) AS u(p_id, p_first, p_version, p_at, p_trash, p_deleted, p_purge)),
            """;
    private static final String SKIPPED = """
            SELECT u.p_id FROM u JOIN customer_view v ON v.id = u.p_id
            WHERE v.version >= u.p_first AND v.version < u.p_version""";
    private static final String UPDATE_PATCHED = PATCHES + "patched AS (UPDATE customer_view SET "
            + CustomerFieldsPatch.assignments(parameter -> "u.p_" + parameter) + """
            ,
                name_key = COALESCE(u.p_nameKey, name_key),
                search_text = COALESCE(u.p_nameKey, name_key) || ' ' || COALESCE(u.p_domain, email_domain),
                currency = COALESCE(u.p_currency, currency),
                forecast_category = COALESCE(u.p_forecast, forecast_category),
            """ + TRASH + """

                FROM u WHERE customer_view.id = u.p_id AND customer_view.version < u.p_first)
            """ + SKIPPED;
    /** Only moved to or from the trash: the fields and their custom fields as they are. */
    private static final String UPDATE_TRASHED = TRASHES + "trashed AS (UPDATE customer_view SET " + TRASH + """

                FROM u WHERE customer_view.id = u.p_id AND customer_view.version < u.p_first)
            """ + SKIPPED;
    /** The current health, for the list filter and sort; not a change of the customer (its version stays). */
    private static final String UPDATE_HEALTH = """
            UPDATE customer_view SET health_score = h.score, health_status = h.status,
                health_calculated_at = h.calculated_at, health_calculation = h.calculation
            FROM unnest(?::text[], ?::integer[], ?::text[], ?::timestamptz[], ?::bigint[])
                AS h(id, score, status, calculated_at, calculation)
            WHERE customer_view.id = h.id AND customer_view.health_calculation < h.calculation""";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    /** The batch's changes, one per customer, in the order of each customer's first event. */
    private final ProcessorBatch<Map<String, CustomerChange>> batch = new ProcessorBatch<>("customers",
            LinkedHashMap::new, this::send);

    BatchedWrites(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Folds an event into its customer's change of the batch, or sends it at once outside one. An event that
     * creates the customer starts a new row: whatever the batch holds of that customer is sent first.
     */
    void change(String customerId, boolean creates, Consumer<CustomerChange> event) {
        Map<String, CustomerChange> queue = batch.queue();
        if (queue == null) {
            CustomerChange change = new CustomerChange(customerId);
            change.fold(event);
            write(List.of(change));
            return;
        }
        if (creates && queue.containsKey(customerId)) {
            send(queue);
        }
        queue.computeIfAbsent(customerId, CustomerChange::new).fold(event);
    }

    /** Sends what is queued: before a statement that reads what they write or needs its count. */
    void flush() {
        batch.flush();
    }

    private void send(Map<String, CustomerChange> queue) {
        if (queue.isEmpty()) {
            return;
        }
        try {
            write(queue.values());
        } finally {
            queue.clear();
        }
    }

    /**
     * The rows of the created customers, then the patches of the others, each customer whose row was past some of
     * its change's events but not all then event by event, then the scores (of either).
     */
    private void write(Collection<CustomerChange> changes) {
        List<CustomerChange> created = new ArrayList<>();
        List<CustomerChange> patched = new ArrayList<>();
        List<CustomerChange> trashed = new ArrayList<>();
        List<CustomerChange> scored = new ArrayList<>();
        for (CustomerChange c : changes) {
            if (c.created != null) {
                created.add(c);
            } else if (c.updated) {
                patched.add(c);
            } else if (c.version > 0) {
                trashed.add(c);
            }
            if (c.health != null) {
                scored.add(c);
            }
        }
        Set<String> skipped = new HashSet<>();
        skipped.addAll(send(INSERT_CREATED, created, List.of(c -> c.customerId, c -> c.created.workspaceId(),
                CustomerChange::rowName, c -> SearchText.key(c.rowName()), CustomerChange::rowSearchText,
                CustomerChange::rowDomain, CustomerChange::rowArr, CustomerChange::rowCurrency,
                CustomerChange::rowStatus, CustomerChange::rowOwner, CustomerChange::rowSegment,
                CustomerChange::rowRenewal, CustomerChange::rowForecast, c -> toJson(c.rowCustomFields()),
                c -> c.updated, c -> c.created.createdAt(), c -> c.updatedAt, c -> c.version, c -> c.deletedAt,
                c -> c.purgeAfter)));
        skipped.addAll(send(UPDATE_PATCHED, patched, List.of(c -> c.customerId, c -> c.firstVersion, c -> c.version,
                c -> c.updatedAt, c -> c.trash, c -> c.deletedAt, c -> c.purgeAfter, c -> c.name, c -> c.domain,
                c -> c.arr, c -> c.status, c -> c.clearOwner, c -> c.owner, c -> c.clearSegment, c -> c.segment,
                c -> c.clearRenewal, c -> c.renewal, c -> toJson(c.custom),
                c -> c.name == null ? null : SearchText.key(c.name), c -> c.currency, c -> c.forecast)));
        skipped.addAll(send(UPDATE_TRASHED, trashed, List.of(c -> c.customerId, c -> c.firstVersion, c -> c.version,
                c -> c.updatedAt, c -> c.trash, c -> c.deletedAt, c -> c.purgeAfter)));
        for (CustomerChange c : changes) {
            if (skipped.contains(c.customerId)) {
                // each event on its own, guarded by its own version as ever (a change of one event skips nothing)
                for (Consumer<CustomerChange> event : c.events) {
                    CustomerChange single = new CustomerChange(c.customerId);
                    single.fold(event);
                    write(List.of(single));
                }
            }
        }
        send(UPDATE_HEALTH, scored, List.of(c -> c.customerId, c -> c.health.score(), c -> c.health.status(),
                c -> c.health.calculatedAt(), c -> c.health.calculation()));
    }

    /** One statement for all the rows ({@link ColumnArrays}), in the changes' order; the customers it answers. */
    private List<String> send(String sql, List<CustomerChange> rows, List<Function<CustomerChange, Object>> columns) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Object[] parameters = ColumnArrays.params(rows, columns);
        if (sql.startsWith("WITH")) {
            return jdbc.query(sql, (rs, n) -> rs.getString(1), parameters);
        }
        jdbc.update(sql, parameters);
        return List.of();
    }

    private String toJson(Map<String, Object> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
