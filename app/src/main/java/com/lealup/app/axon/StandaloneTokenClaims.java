package com.lealup.app.axon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Standalone mode is one node per data directory: the embedded database's lock lets no second server in. So
 * at start every processor's token claim in that database belongs to a process that is gone (one ended by
 * {@code kill -9} keeps its claims), and is released right after the migrations, before any processor starts;
 * otherwise each processor would wait for its claim to time out (10 s, retried every 5 s). Never with an
 * external database ({@code LEALUP_DB_URL}), whose claims may be live nodes'.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${lealup.db.url:}'.isEmpty()")
class StandaloneTokenClaims {

    private static final Logger log = LoggerFactory.getLogger(StandaloneTokenClaims.class);

    @Bean
    FlywayMigrationStrategy migrateThenReleaseTokenClaims() {
        return flyway -> {
            flyway.migrate();
            int released = new JdbcTemplate(flyway.getConfiguration().getDataSource())
                    .update("UPDATE token_entry SET owner = NULL WHERE owner IS NOT NULL");
            if (released > 0) {
                log.info("Released {} token claims left by an earlier run on this data directory", released);
            }
        };
    }
}
