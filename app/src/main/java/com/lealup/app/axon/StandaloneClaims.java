package com.lealup.app.axon;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Standalone mode is one node per data directory: the embedded database's lock lets no second server in. So
 * at start every processor's token claim and every lease of the outbox workers in that database (import jobs, playbook
 * runs, webhook subscriptions and replays, notifications) belong to a process that is gone (one ended by
 * {@code kill -9} keeps them; a clean stop gives its leases back), and are released right after the migrations, before
 * any processor or worker starts; otherwise each processor would wait for its claim to time out (10 s, retried every
 * 5 s), each interrupted import for its lease (docs/customers.md "Bulk import") and a webhook subscription's
 * deliveries for theirs (a minute). A lease's back-off after a failed import chunk goes too: the job is tried again at
 * once, its count of failed attempts kept; a webhook subscription's or notification's retry time stays. Never with an
 * external database ({@code LEALUP_DB_URL}), whose claims and leases may be live nodes'.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${lealup.db.url:}'.isEmpty()")
class StandaloneClaims {

    private static final Logger log = LoggerFactory.getLogger(StandaloneClaims.class);
    /** The tables whose rows the outbox workers lease ({@code leased_until}), and what a row is, for the log. */
    private static final Map<String, String> LEASED = Map.of("import_job_queue", "import job",
            "playbook_run_queue", "playbook run", "webhook_endpoint", "webhook subscription",
            "webhook_replay", "webhook replay", "notification_outbox", "notification");

    @Bean
    FlywayMigrationStrategy migrateThenReleaseClaims() {
        return flyway -> {
            flyway.migrate();
            JdbcTemplate jdbc = new JdbcTemplate(flyway.getConfiguration().getDataSource());
            int released = jdbc.update("UPDATE token_entry SET owner = NULL WHERE owner IS NOT NULL");
            if (released > 0) {
                log.info("Released {} token claims left by an earlier run on this data directory", released);
            }
            LEASED.forEach((table, row) -> {
                int leases = jdbc.update("UPDATE " + table + " SET leased_until = NULL WHERE leased_until IS NOT NULL");
                if (leases > 0) {
                    log.info("Released {} {} leases left by an earlier run on this data directory", leases, row);
                }
            });
        };
    }
}
