package com.lealup.read.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.CustomerFilter;
import com.lealup.api.customer.CustomerSort;
import com.lealup.api.customer.ListCustomers;
import com.lealup.read.ReadModelDatabase;
import com.lealup.read.health.HealthRows;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A list page's statement is planned on its first executions on a connection, not at every one. PostgreSQL plans a
 * prepared statement anew for as long as its plan for the values at hand looks cheaper than its plan for any values,
 * as a large workspace's first page of active customers did (docs/PERFORMANCE.md, "A page of the customer list").
 */
class CustomerListPlanTest {

    private static final String WS = "wsp_list_plan_test";

    /**
     * A workspace holding most customers of the database (as in a server with one workspace, or bench/run.sh), three
     * in five of them active: the plan for its values looks cheaper than the plan for any workspace and status.
     */
    @BeforeAll
    static void aLargeWorkspace() {
        JdbcClient jdbc = ReadModelDatabase.jdbc();
        jdbc.sql("""
                        INSERT INTO customer_view (id, workspace_id, name, name_key, search_text, email_domain, arr,
                            currency, status, forecast_category, created_at, updated_at, version)
                        SELECT 'cus_plan_' || i, ?, 'Customer ' || i, 'customer ' || i, 'customer ' || i,
                            'c' || i || '.com', i, 'USD',
                            CASE WHEN i % 5 < 3 THEN 'active' WHEN i % 5 = 3 THEN 'trial' ELSE 'churned' END,
                            'pipeline', timestamp '2026-01-01' + i * interval '1 minute', now(), 1
                        FROM generate_series(1, 50000) i ON CONFLICT DO NOTHING""")
                .param(WS).update();
        jdbc.sql("""
                        INSERT INTO customer_view (id, workspace_id, name, name_key, search_text, email_domain, arr,
                            currency, status, forecast_category, created_at, updated_at, version)
                        SELECT 'cus_plan_small_' || i, 'wsp_list_plan_small_' || i, 'Small', 'small', 'small',
                            's' || i || '.com', 1, 'USD', 'trial', 'pipeline', now(), now(), 1
                        FROM generate_series(1, 20) i ON CONFLICT DO NOTHING""")
                .update();
        jdbc.sql("ANALYZE customer_view").update();
    }

    @Test
    void theFirstPageOfALargeWorkspaceIsNotPlannedAtEveryExecution() throws SQLException {
        try (Connection connection = ReadModelDatabase.dataSource().getConnection()) {
            JdbcClient one = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            CustomerQueries queries = new CustomerQueries(one, new HealthRows(new ObjectMapper()));
            ListCustomers firstPage = new ListCustomers(WS, new CustomerFilter(List.of("active"), null, null, null,
                    null, null, null, null, LocalDate.parse("2026-06-01")), CustomerSort.CREATED_AT_DESC, Map.of(), 50);

            for (int page = 0; page < 15; page++) {
                assertThat(queries.handle(firstPage).rows()).hasSize(51)
                        .allSatisfy(customer -> assertThat(customer.status()).isEqualTo("active"));
            }

            // the driver prepares the statement on its fifth execution; PostgreSQL makes five plans for the values
            // at hand before it weighs its plan for any values
            Map<String, Object> plans = one.sql("""
                            SELECT generic_plans, custom_plans FROM pg_prepared_statements
                            WHERE statement LIKE 'SELECT id, xmin FROM customer_view%'""")
                    .query().singleRow();
            assertThat((Long) plans.get("custom_plans")).as("plans made for one page's values").isLessThanOrEqualTo(5);
            assertThat((Long) plans.get("generic_plans")).as("executions of the one plan").isGreaterThanOrEqualTo(6);
        }
    }
}
