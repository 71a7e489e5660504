package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The processors' reads of the store are planned on their first executions on a connection, not at every one: a read
 * at the head of the store, past what the table's statistics know, was (docs/PERFORMANCE.md, "The store's reads").
 * The store here is a temporary copy of the event table, seen by this test's connection only.
 */
class EventStoreReadPlanTest extends ApiTest {

    private static final String INSERT = """
            INSERT INTO plan_test_events (global_index, event_identifier, aggregate_identifier, sequence_number, type,
                time_stamp, payload_type, payload, meta_data)
            SELECT i, 'evt_' || i, 'cus_' || i / 3, i % 3, 'Customer', '2026-12-01T05:00:00Z',
                'com.lealup.api.customer.CustomerCreated', convert_to(repeat('x', 300), 'UTF8'), '\\x7b7d'
            FROM generate_series(?, ?) i""";

    @Autowired
    private DataSource dataSource;

    @Test
    void readsAtTheHeadOfTheStoreAreNotPlannedAtEveryExecution() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            JdbcTemplate one = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            one.execute("CREATE TEMPORARY TABLE plan_test_events (LIKE domain_event_entry INCLUDING ALL)");
            one.update(INSERT, 1, 100_000);
            one.execute("ANALYZE plan_test_events");
            one.update(INSERT, 100_001, 105_000);
            EventSchema schema = EventStoreConfiguration.Standalone.schema().eventTable("plan_test_events").build();

            for (int read = 0; read < 15; read++) {
                long after = 104_000 + read;
                assertThat(indexes(EventStoreConfiguration.Standalone.readEventDataWithoutGaps(connection, schema,
                        after, 100))).as("a page of 100 events after the token")
                        .hasSize(100).startsWith(after + 1).endsWith(after + 100);
                assertThat(indexes(EventStoreConfiguration.Standalone.readEventDataWithGaps(connection, schema, after,
                        100, List.of(after - 7, after - 3)))).as("the two gaps, then the page")
                        .hasSize(102).startsWith(after - 7, after - 3, after + 1).endsWith(after + 100);
            }

            // the driver prepares a statement on its fifth execution; PostgreSQL makes five plans for the values at
            // hand before it weighs its plan for any values
            List<Map<String, Object>> statements = one.queryForList("""
                    SELECT custom_plans, generic_plans FROM pg_prepared_statements
                    WHERE statement LIKE '%FROM plan_test_events%'""");
            assertThat(statements).as("the read with gaps and the read without").hasSize(2).allSatisfy(plans -> {
                assertThat((Long) plans.get("custom_plans")).as("plans made for one read's values")
                        .isLessThanOrEqualTo(5);
                assertThat((Long) plans.get("generic_plans")).as("executions of the one plan")
                        .isGreaterThanOrEqualTo(6);
            });
        }
    }

    /** The global indexes a read answers, in its order. */
    private static List<Long> indexes(PreparedStatement statement) throws SQLException {
        try (statement; ResultSet rows = statement.executeQuery()) {
            List<Long> read = new ArrayList<>();
            while (rows.next()) {
                read.add(rows.getLong("global_index"));
            }
            return read;
        }
    }
}
