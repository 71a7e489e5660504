package com.lealup.api.customer;

import java.time.Instant;

/**
 * The end of a customer by erasure (on request, or the trash purge once its retention is over): its data key is
 * destroyed with this event, after it no command reaches it, read models forget it and its history reads its
 * personal data as {@code "[erased]"}. {@code reason} is {@link #ON_REQUEST} or {@link #RETENTION_OVER}.
 */
public record CustomerErased(String customerId, String workspaceId, String reason, Instant erasedAt) implements AboutACustomer {

    public static final String ON_REQUEST = "request";
    public static final String RETENTION_OVER = "retention";
}
