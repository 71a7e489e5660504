package com.lealup.app.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: an external PostgreSQL when {@code LEALUP_DB_URL} is set, otherwise the embedded one,
 * started before anything needs a connection and stopped after everything using it has stopped.
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${lealup.db.url:}'.isEmpty()")
    EmbeddedPostgresServer embeddedPostgres(@Value("${lealup.data-dir}") Path dataDir,
                                            @Value("${lealup.db.embedded.durable:true}") boolean durable) throws IOException {
        return EmbeddedPostgresServer.start(dataDir, durable);
    }

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties properties,
                                org.springframework.beans.factory.ObjectProvider<EmbeddedPostgresServer> embedded,
                                @Value("${lealup.db.url:}") String externalUrl) {
        EmbeddedPostgresServer server = embedded.getIfAvailable();
        HikariDataSource dataSource = new HikariDataSource();
        if (server != null) {
            dataSource.setJdbcUrl(server.jdbcUrl("postgres"));
            dataSource.setUsername(server.user());
            dataSource.setPassword(server.password());
        } else {
            dataSource.setJdbcUrl(externalUrl);
            dataSource.setUsername(properties.getUsername());
            dataSource.setPassword(properties.getPassword());
        }
        return dataSource;
    }

}
