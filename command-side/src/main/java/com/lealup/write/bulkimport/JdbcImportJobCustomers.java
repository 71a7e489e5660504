package com.lealup.write.bulkimport;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link ImportJobCustomersPort} on {@code import_job_customer}, one statement per chunk. */
@Component
class JdbcImportJobCustomers implements ImportJobCustomersPort {

    private final JdbcClient jdbc;

    JdbcImportJobCustomers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(String jobId, Collection<String> customerIds) {
        if (customerIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO import_job_customer (customer_id, job_id) SELECT unnest(?::text[]), ?
                        ON CONFLICT DO NOTHING""")
                .params(customerIds.toArray(String[]::new), jobId).update();
    }

    @Override
    public Set<String> jobsNaming(String customerId) {
        return new LinkedHashSet<>(jdbc.sql("SELECT job_id FROM import_job_customer WHERE customer_id = ?")
                .param(customerId).query(String.class).list());
    }
}
