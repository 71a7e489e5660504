package com.lealup.write.customer;

import com.lealup.api.DomainRejection;
import com.lealup.api.StorableText;
import com.lealup.write.identity.WorkspaceMembers;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link CustomerDirectory} on the claim tables, in the transaction of the command being handled. The
 * claim tables are written by the command handlers that own them, so they are exact at all times.
 */
@Component
class JdbcCustomerDirectory implements CustomerDirectory {

    private final JdbcClient jdbc;
    private final WorkspaceMembers members;

    JdbcCustomerDirectory(JdbcClient jdbc, WorkspaceMembers members) {
        this.jdbc = jdbc;
        this.members = members;
    }

    @Override
    public void claimEmailDomain(String workspaceId, String emailDomain, String customerId) {
        int claimed = jdbc.sql("""
                        INSERT INTO customer_email_domain_claim (workspace_id, email_domain, customer_id)
                        VALUES (?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(workspaceId, emailDomain, customerId)
                .update();
        if (claimed == 0) {
            String holder = jdbc.sql("""
                            SELECT customer_id FROM customer_email_domain_claim
                            WHERE workspace_id = ? AND email_domain = ?""")
                    .params(workspaceId, emailDomain)
                    .query(String.class).single();
            if (!holder.equals(customerId)) {
                throw DomainRejection.conflict("duplicate_email_domain",
                        "A customer with email_domain '" + emailDomain + "' already exists: " + holder,
                        Map.of("existing_id", holder));
            }
        }
    }

    @Override
    public void releaseEmailDomain(String workspaceId, String emailDomain, String customerId) {
        jdbc.sql("DELETE FROM customer_email_domain_claim WHERE workspace_id = ? AND email_domain = ? AND customer_id = ?")
                .params(workspaceId, emailDomain, customerId)
                .update();
    }

    @Override
    public String resolveOwner(String workspaceId, String ownerId, String ownerEmail) {
        if (ownerId != null) {
            if (!members.isActiveUser(workspaceId, ownerId)) {
                throw DomainRejection.unprocessable("unknown_owner", "owner_id",
                        "owner_id '" + StorableText.abbreviated(ownerId) + "' is not a user of this workspace");
            }
            return ownerId;
        }
        if (ownerEmail != null) {
            return members.activeUserIdByEmail(workspaceId, ownerEmail)
                    .orElseThrow(() -> DomainRejection.unprocessable("unknown_owner", "owner_email",
                            "owner_email '" + StorableText.abbreviated(ownerEmail)
                                    + "' is not a user of this workspace"));
        }
        return null;
    }

    @Override
    public void requireSegment(String workspaceId, String segmentId) {
        if (segmentId == null) {
            return;
        }
        boolean exists = !jdbc.sql("SELECT 1 FROM segment_name_claim WHERE workspace_id = ? AND segment_id = ?")
                .params(workspaceId, segmentId).query(Integer.class).list().isEmpty();
        if (!exists) {
            throw DomainRejection.unprocessable("unknown_segment", "segment_id",
                    "segment_id '" + StorableText.abbreviated(segmentId) + "' is not a segment of this workspace");
        }
    }
}
