package com.lealup.write.customer;

import com.lealup.api.DomainRejection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** The directory's rules over maps, for aggregate fixtures; the JDBC one is exercised by the API tests. */
class InMemoryCustomerDirectory implements CustomerDirectory {

    final Map<String, String> domains = new HashMap<>();
    final Map<String, String> usersByEmail = new HashMap<>();
    final Set<String> segments = new HashSet<>();

    @Override
    public void claimEmailDomain(String workspaceId, String emailDomain, String customerId) {
        String holder = domains.putIfAbsent(workspaceId + "/" + emailDomain, customerId);
        if (holder != null && !holder.equals(customerId)) {
            throw DomainRejection.conflict("duplicate_email_domain", "taken by " + holder, Map.of("existing_id", holder));
        }
    }

    @Override
    public void releaseEmailDomain(String workspaceId, String emailDomain, String customerId) {
        domains.remove(workspaceId + "/" + emailDomain, customerId);
    }

    @Override
    public String resolveOwner(String workspaceId, String ownerId, String ownerEmail) {
        if (ownerId != null) {
            if (!usersByEmail.containsValue(ownerId)) {
                throw DomainRejection.unprocessable("unknown_owner", "owner_id", "unknown");
            }
            return ownerId;
        }
        if (ownerEmail != null) {
            String id = usersByEmail.get(ownerEmail);
            if (id == null) {
                throw DomainRejection.unprocessable("unknown_owner", "owner_email", "unknown");
            }
            return id;
        }
        return null;
    }

    @Override
    public void requireSegment(String workspaceId, String segmentId) {
        if (segmentId != null && !segments.contains(segmentId)) {
            throw DomainRejection.unprocessable("unknown_segment", "segment_id", "unknown");
        }
    }
}
