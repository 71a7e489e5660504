package com.lealup.write.usage;

import com.lealup.write.customer.ErasureLock;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which customers exist, as ingestion needs to know it exactly, in the command's transaction and never from a
 * read model: the customers' email-domain claims list every customer until it is purged. The lookup shares the
 * workspace's {@link ErasureLock}, so a batch's usage is recorded wholly before an erasure of one of its customers,
 * or finds it gone.
 */
@Component
class IngestionDirectory {

    record Customers(Set<String> ids, Map<String, String> byDomain) {
    }

    private final JdbcClient jdbc;

    IngestionDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The customers among {@code ids} and {@code emailDomains} (lower case) that exist in the workspace: one query. */
    Customers customers(String workspaceId, Collection<String> ids, Collection<String> emailDomains) {
        Set<String> found = new HashSet<>();
        Map<String, String> byDomain = new HashMap<>();
        if (ids.isEmpty() && emailDomains.isEmpty()) {
            return new Customers(found, byDomain);
        }
        // an erasure under way is waited for, and its customer is then gone from the claims
        ErasureLock.share(jdbc, workspaceId);
        jdbc.sql("""
                        SELECT customer_id, email_domain FROM customer_email_domain_claim
                        WHERE workspace_id = ? AND (customer_id = ANY(?) OR email_domain = ANY(?))""")
                .params(workspaceId, ids.toArray(String[]::new), emailDomains.toArray(String[]::new))
                .query((rs, i) -> {
                    found.add(rs.getString(1));
                    byDomain.put(rs.getString(2), rs.getString(1));
                    return null;
                }).list();
        return new Customers(found, byDomain);
    }
}
