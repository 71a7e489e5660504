package com.lealup.api.usage;

import java.time.Duration;

/** The event types the health model reads (any other type counts as product activity) and the ingestion limits. */
public final class UsageEventTypes {

    public static final String LOGIN = "login";
    public static final String FEATURE_USED = "feature_used";
    public static final String MEETING_HELD = "meeting.held";
    public static final String EMAIL_SENT = "email.sent";
    public static final String NPS_RESPONSE = "nps.response";
    public static final String TICKET_OPENED = "support.ticket_opened";
    public static final String TICKET_CLOSED = "support.ticket_closed";
    public static final String INVOICE_OVERDUE = "invoice.overdue";
    public static final String INVOICE_PAID = "invoice.paid";

    public static final int MAX_BATCH = 1000;
    public static final Duration MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final Duration MAX_AGE = Duration.ofDays(365);
    public static final int MAX_TYPE_LENGTH = 100;
    public static final int MAX_EVENT_ID_LENGTH = 255;
    /** An ingested event's {@code customer_id}, {@code email_domain} and {@code contact_email}, in characters. */
    public static final int MAX_CUSTOMER_ID_LENGTH = 40;
    public static final int MAX_EMAIL_DOMAIN_LENGTH = 255;
    public static final int MAX_CONTACT_EMAIL_LENGTH = 320;

    private UsageEventTypes() {
    }
}
