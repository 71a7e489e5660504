package com.lealup.read.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.usage.ListUsageEvents;
import com.lealup.api.usage.UsageEventList;
import com.lealup.api.usage.UsageEventView;
import com.lealup.read.ReadModelDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pages of the usage log whose events carry large properties (docs/ingestion.md, "GET /v1/events"). */
class UsageEventQueriesTest {

    private final UsageEventQueries queries = new UsageEventQueries(ReadModelDatabase.jdbc());

    /**
     * Batches of one event of 7,000,000 bytes of properties each (a body takes 8 MB): a page holds two, 14 MB, the
     * third would pass the 16 MiB budget; the page ends early with a cursor to the rest, not with all of them in memory.
     */
    @Test
    void aPageEndsBeforeItsPropertiesPassTheBudgetAndTheCursorGoesOn() {
        String ws = "wsp_usage_budget";
        logRows(ws, 3, 7_000_000);

        UsageEventList first = queries.handle(new ListUsageEvents(ws, "cus_big", List.of(), null, null, Map.of(), 50));

        assertThat(first.pageSize()).isEqualTo(2);
        assertThat(first.rows()).extracting(UsageEventView::id).containsExactly("evt_big_3", "evt_big_2", "evt_big_1");
        assertThat(first.rows().subList(0, 2)).allSatisfy(e -> assertThat(e.properties()).hasSize(7_000_000 + 10));
        assertThat(first.rows().get(2).properties()).as("beyond the page: not read").isNull();
        UsageEventView last = first.rows().get(1);
        UsageEventList rest = queries.handle(new ListUsageEvents(ws, "cus_big", List.of(), null, null,
                Map.of("timestamp", last.timestamp().toString(), "id", last.id()), 50));
        assertThat(rest.pageSize()).isEqualTo(50);
        assertThat(rest.rows()).extracting(UsageEventView::id).containsExactly("evt_big_1");
        assertThat(rest.rows().get(0).properties()).hasSize(7_000_000 + 10);
    }

    @Test
    void aPageOfSmallEventsIsTheLimitAndOneMoreRowTellsThatMoreFollow() {
        String ws = "wsp_usage_small";
        ReadModelDatabase.jdbc().sql("""
                        INSERT INTO usage_log (batch_id, customer_id, workspace_id, first_at, last_at, received_at,
                            event_count, events)
                        VALUES ('bat_small', 'cus_small', ?, '2026-11-01T00:01:00Z', '2026-11-01T00:03:00Z', now(), 3,
                            '[{"id": "evt_s_1", "type": "t", "timestamp": "2026-11-01T00:01:00Z", "properties": {"n": 1}},
                              {"id": "evt_s_2", "type": "t", "timestamp": "2026-11-01T00:02:00Z", "properties": {"n": 2}},
                              {"id": "evt_s_3", "type": "t", "timestamp": "2026-11-01T00:03:00Z", "properties": {"n": 3}}]')
                        ON CONFLICT DO NOTHING""")
                .param(ws).update();

        UsageEventList page = queries.handle(new ListUsageEvents(ws, null, List.of(), null, null, Map.of(), 2));

        assertThat(page.pageSize()).isEqualTo(2);
        assertThat(page.rows()).extracting(UsageEventView::id).containsExactly("evt_s_3", "evt_s_2", "evt_s_1");
        assertThat(page.rows().subList(0, 2)).extracting(UsageEventView::properties)
                .containsExactly("{\"n\": 3}", "{\"n\": 2}");
    }

    /** {@code count} batches of one event each, a minute apart, with properties {@code {"a" : "xx…"}} of {@code size} x. */
    private static void logRows(String ws, int count, int size) {
        ReadModelDatabase.jdbc().sql("""
                        INSERT INTO usage_log (batch_id, customer_id, workspace_id, first_at, last_at, received_at,
                            event_count, events)
                        SELECT 'bat_big_' || i, 'cus_big', ?, t.at, t.at, now(), 1,
                            json_build_array(json_build_object('id', 'evt_big_' || i, 'type', 'bulk', 'timestamp', t.at,
                                'properties', json_build_object('a', repeat('x', ?))))
                        FROM generate_series(1, ?) i,
                            LATERAL (SELECT timestamptz '2026-11-01' + i * interval '1 minute' AS at) t
                        ON CONFLICT DO NOTHING""")
                .params(ws, size, count).update();
    }
}
