package com.lealup.http.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.usage.EventRejection;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.api.usage.UsageEventTypes;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The events of a batch split into well-formed ones and those rejected for their shape (by index): a bad
 * event never fails the batch. What needs the workspace's data (known customer, duplicates) or the clock is
 * decided by the command handler.
 */
record IncomingEvents(List<IncomingUsageEvent> wellFormed, List<EventRejection> rejected) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("event_id", "type", "customer_id", "email_domain",
            "contact_email", "timestamp", "properties");
    private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");

    /** Why an event is refused for its shape. */
    private static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    static IncomingEvents parse(List<JsonNode> events) {
        List<IncomingUsageEvent> wellFormed = new ArrayList<>(events.size());
        List<EventRejection> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                wellFormed.add(event(i, events.get(i)));
            } catch (Refused refused) {
                rejected.add(new EventRejection(i, refused.code, refused.getMessage()));
            }
        }
        return new IncomingEvents(wellFormed, rejected);
    }

    private static IncomingUsageEvent event(int index, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new Refused(EventRejection.INVALID_EVENT, "an event must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new Refused(EventRejection.INVALID_EVENT, "unknown field '" + name + "'");
            }
        }
        String type = text(node, "type", UsageEventTypes.MAX_TYPE_LENGTH);
        if (type == null || type.isBlank()) {
            throw new Refused(EventRejection.MISSING_TYPE, "type is required");
        }
        String eventId = text(node, "event_id", UsageEventTypes.MAX_EVENT_ID_LENGTH);
        String customerId = text(node, "customer_id", 40);
        String emailDomain = text(node, "email_domain", 255);
        if (customerId == null && emailDomain == null) {
            throw new Refused(EventRejection.MISSING_CUSTOMER, "customer_id or email_domain is required");
        }
        String contactEmail = text(node, "contact_email", 320);
        Instant timestamp = timestamp(node.get("timestamp"));
        JsonNode properties = properties(node.get("properties"));
        return new IncomingUsageEvent(index, eventId, type, customerId,
                emailDomain == null ? null : emailDomain.trim().toLowerCase(Locale.ROOT), contactEmail, timestamp,
                properties.toString(), score(type, properties), priority(type, properties));
    }

    private static String text(JsonNode event, String field, int maxLength) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new Refused(EventRejection.INVALID_EVENT, field + " must be a string");
        }
        if (value.textValue().length() > maxLength) {
            throw new Refused(EventRejection.INVALID_EVENT, field + " is at most " + maxLength + " characters");
        }
        return value.textValue();
    }

    private static Instant timestamp(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new Refused(EventRejection.INVALID_TIMESTAMP, "timestamp is required");
        }
        try {
            if (value.isTextual()) {
                return UtcTimestamps.parse(value.textValue());
            }
        } catch (DateTimeException ignored) {
            // answered below
        }
        throw new Refused(EventRejection.INVALID_TIMESTAMP, "timestamp must be an ISO 8601 time, e.g. 2026-11-26T08:00:00Z");
    }

    private static JsonNode properties(JsonNode value) {
        if (value == null || value.isNull()) {
            return JSON.createObjectNode();
        }
        if (!value.isObject()) {
            throw new Refused(EventRejection.INVALID_EVENT, "properties must be a JSON object");
        }
        return value;
    }

    /** The NPS answer of an {@code nps.response}: an integer 0-10. */
    private static Integer score(String type, JsonNode properties) {
        if (!type.equals(UsageEventTypes.NPS_RESPONSE)) {
            return null;
        }
        JsonNode score = properties.get("score");
        if (score == null || !score.canConvertToExactIntegral() || score.asInt() < 0 || score.asInt() > 10) {
            throw new Refused(EventRejection.INVALID_PROPERTY, "properties.score of nps.response must be an integer from 0 to 10");
        }
        return score.asInt();
    }

    /** The priority of a ticket event: low, normal, high or urgent; normal when absent. */
    private static String priority(String type, JsonNode properties) {
        if (!type.equals(UsageEventTypes.TICKET_OPENED) && !type.equals(UsageEventTypes.TICKET_CLOSED)) {
            return null;
        }
        JsonNode priority = properties.get("priority");
        if (priority == null || priority.isNull()) {
            return "normal";
        }
        if (!(priority.isTextual() && PRIORITIES.contains(priority.textValue()))) {
            throw new Refused(EventRejection.INVALID_PROPERTY, "properties.priority must be one of low, normal, high, urgent");
        }
        return priority.textValue();
    }
}
