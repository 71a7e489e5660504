package com.lealup.write.customer;

/**
 * Set validation for customers, never from a read model: one customer per email domain in a workspace,
 * owners and segments that exist in the workspace. Each method rejects with a DomainRejection.
 */
interface CustomerDirectory {

    /** Claims {@code emailDomain} for the customer, or rejects with 409 naming the customer that holds it. */
    void claimEmailDomain(String workspaceId, String emailDomain, String customerId);

    void releaseEmailDomain(String workspaceId, String emailDomain, String customerId);

    /**
     * The owner's user id: {@code ownerId} if it is an active user of the workspace, else the user with
     * {@code ownerEmail}; null when neither is given. An unknown owner is 422.
     */
    String resolveOwner(String workspaceId, String ownerId, String ownerEmail);

    /** 422 unless {@code segmentId} is null or a segment of the workspace. */
    void requireSegment(String workspaceId, String segmentId);
}
