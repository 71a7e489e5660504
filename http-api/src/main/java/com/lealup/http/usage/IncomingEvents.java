package com.lealup.http.usage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.lealup.api.Characters;
import com.lealup.api.Emails;
import com.lealup.api.Names;
import com.lealup.api.StorableText;
import com.lealup.api.UtcTimestamps;
import com.lealup.api.usage.EventRejection;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.api.usage.UsageEventTypes;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Dates;
import com.lealup.http.support.RequestJson;
import com.lealup.http.support.UnstorableJson;
import com.lealup.http.support.WellFormedUtf8;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * The events of a batch split into well-formed ones and those rejected for their shape (by index): a bad
 * event never fails the batch. What needs the workspace's data (known customer, duplicates) or the clock is
 * decided by the command handler.
 * <p>
 * The body is read in one pass of a streaming parser over its bytes, with no JSON tree: each event's
 * {@code properties} object is kept as the client's own bytes (the parser has checked them), and only the two
 * properties the platform reads, {@code score} and {@code priority}, are picked up on the way. Building a tree and
 * writing its properties back to text cost a quarter of the request's CPU (docs/PERFORMANCE-ingestion.md).
 * <p>
 * A string PostgreSQL cannot store (U+0000, an unpaired surrogate), in a member or anywhere in {@code properties},
 * rejects its event. Only a body whose bytes may hold one ({@link UnstorableJson#suspect}) is read with every string
 * checked; the others, almost all, pay one scan of their bytes.
 */
record IncomingEvents(List<IncomingUsageEvent> wellFormed, List<EventRejection> rejected) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> PRIORITIES = Set.of("low", "normal", "high", "urgent");
    /**
     * The format of a timestamp, an RFC 3339 date-time (OpenAPI's {@code date-time}), which has seconds: ISO 8601
     * also allows {@code 2026-11-26T08:15Z}, and a client reading only that standard needs to be told.
     */
    static final String TIMESTAMP_FORMAT = "timestamp must be an RFC 3339 date-time, with seconds and Z or an "
            + "offset, e.g. 2026-11-26T08:00:00Z or 2026-11-26T09:00:00.5+01:00";

    /** Why an event is refused for its shape. */
    private static final class Refused extends RuntimeException {
        final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /**
     * Reads a request body, {@code {"events": [...]}} in UTF-8.
     *
     * @throws ApiException for a body that is not such a batch as a whole: 400, or 413 above 1000 events
     */
    static IncomingEvents read(byte[] body) {
        try {
            try {
                return read(body, JSON);
            } catch (StreamConstraintsException pastAParserLimit) {
                // Jackson's limit on member names (50,000 characters) is for a factory whose table of names is shared
                // by every request: a name in properties is data like a value, bounded by the body, so such a body is
                // read again by a factory of its own, whose names go with it. A number or nesting past its limit
                // fails again: malformed JSON
                return read(body, JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(body.length).build())
                        .build());
            }
        } catch (JsonProcessingException e) {
            throw ApiException.malformedJson("The request body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from an array in memory
        }
    }

    private static IncomingEvents read(byte[] body, JsonFactory json) throws IOException {
        try (JsonParser parser = RequestJson.utf8Parser(json, body)) {
            WellFormedUtf8.require(body);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.malformedJson("The request body must be a JSON object: {\"events\": [...]}");
            }
            boolean careful = UnstorableJson.suspect(body, 0, body.length);
            IncomingEvents events = null;
            boolean given = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("events")) {
                    throw ApiException.validation(StorableText.printable(field), "unknown_field",
                            "Unknown field '" + StorableText.abbreviated(field) + "'");
                }
                if (given) { // as every other body: the first batch is not silently replaced by the second
                    throw ApiException.validation(field, "duplicate_field", "Field 'events' is given more than once");
                }
                given = true;
                if (value == JsonToken.START_ARRAY) {
                    events = events(parser, body, careful);
                } else if (value != JsonToken.VALUE_NULL) {
                    throw ApiException.validation(field, "invalid_type", "Field 'events' must be an array");
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.malformedJson("The request body is not valid JSON");
            }
            if (events == null) { // null, as for any body's member that may not be null, or absent
                throw given ? ApiException.validation("events", "not_nullable", "events cannot be null")
                        : ApiException.validation("events", "required", "events is required");
            }
            return events;
        }
    }

    private static IncomingEvents events(JsonParser parser, byte[] body, boolean careful) throws IOException {
        List<IncomingUsageEvent> wellFormed = new ArrayList<>();
        List<EventRejection> rejected = new ArrayList<>();
        int index = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), index++) {
            if (index >= UsageEventTypes.MAX_BATCH) {
                parser.skipChildren(); // only counted, for the answer
                continue;
            }
            try {
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    throw new Refused(EventRejection.INVALID_EVENT, "an event must be a JSON object");
                }
                wellFormed.add(Members.read(parser, body, careful).event(index));
            } catch (Refused refused) {
                rejected.add(new EventRejection(index, refused.code, refused.getMessage()));
            }
        }
        if (index > UsageEventTypes.MAX_BATCH) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "batch_too_large", "Batch too large",
                    "A batch holds at most " + UsageEventTypes.MAX_BATCH + " events, not " + index);
        }
        return new IncomingEvents(wellFormed, rejected);
    }

    /**
     * An event object's members as read, judged only once the object is read whole: the parser must reach the
     * object's end whatever is wrong with it, and the first problem reported follows the members' importance, not
     * their order in the JSON. A member sent twice counts with its last value.
     */
    private static final class Members {

        private String eventId;
        private String type;
        private String customerId;
        private String emailDomain;
        private String contactEmail;
        private String timestamp;
        private String unknown;
        private Set<String> notStrings;
        private String properties;
        private boolean propertiesNotAnObject;
        private Integer score;
        private String priority;
        private boolean priorityNotAString;
        private final boolean careful;
        private UnstorableJson.Finding unstorable;

        private Members(boolean careful) {
            this.careful = careful;
        }

        /** @param careful whether to check every string (the body may hold one that cannot be stored) */
        static Members read(JsonParser parser, byte[] body, boolean careful) throws IOException {
            Members members = new Members(careful);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "event_id" -> members.eventId = members.string(parser, name);
                    case "type" -> members.type = members.string(parser, name);
                    case "customer_id" -> members.customerId = members.string(parser, name);
                    case "email_domain" -> members.emailDomain = members.string(parser, name);
                    case "contact_email" -> members.contactEmail = members.string(parser, name);
                    case "timestamp" -> members.timestamp = members.string(parser, name);
                    case "properties" -> members.properties(parser, body);
                    default -> {
                        members.unknown = members.unknown == null ? name : members.unknown;
                        parser.skipChildren();
                    }
                }
            }
            return members;
        }

        /** The string at the parser, or null for a JSON null; any other value is remembered as not a string. */
        private String string(JsonParser parser, String name) throws IOException {
            if (notStrings != null) {
                notStrings.remove(name);
            }
            return switch (parser.currentToken()) {
                case VALUE_STRING -> {
                    if (careful) {
                        note(UnstorableJson.find(parser));
                    }
                    yield parser.getText();
                }
                case VALUE_NULL -> null;
                default -> {
                    parser.skipChildren();
                    (notStrings == null ? notStrings = new HashSet<>() : notStrings).add(name);
                    yield null;
                }
            };
        }

        /** Keeps the object's bytes as sent, picking up {@code score} and {@code priority}. */
        private void properties(JsonParser parser, byte[] body) throws IOException {
            properties = null;
            propertiesNotAnObject = false;
            score = null;
            priority = null;
            priorityNotAString = false;
            switch (parser.currentToken()) {
                case VALUE_NULL -> {
                    return;
                }
                case START_OBJECT -> {
                }
                default -> {
                    parser.skipChildren();
                    propertiesNotAnObject = true;
                    return;
                }
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("score")) {
                    score = score(parser, value);
                } else if (name.equals("priority")) {
                    priority = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                    priorityNotAString = value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NULL;
                }
                if (careful) {
                    String problem = StorableText.problem(name);
                    if (problem != null) {
                        note(new UnstorableJson.Finding(UnstorableJson.path(parser.getParsingContext()), problem));
                    }
                    note(UnstorableJson.find(parser));
                } else {
                    parser.skipChildren();
                }
            }
            int end = (int) parser.currentLocation().getByteOffset(); // just after the closing brace
            properties = new String(body, start, end - start, StandardCharsets.UTF_8);
        }

        private void note(UnstorableJson.Finding finding) {
            if (unstorable == null) {
                unstorable = finding;
            }
        }

        /**
         * An NPS score, 0-10, written as an integer (or as 7.0); null for anything else, a number whose exponent no
         * decimal holds ({@code 0e-2147483648}) included.
         */
        private static Integer score(JsonParser parser, JsonToken value) throws IOException {
            if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
                return null;
            }
            BigDecimal number;
            try {
                number = parser.getDecimalValue();
            } catch (NumberFormatException beyondDecimals) {
                return null;
            }
            boolean inRange = number.signum() >= 0 && number.compareTo(BigDecimal.TEN) <= 0;
            return inRange && number.stripTrailingZeros().scale() <= 0 ? number.intValue() : null;
        }

        /** The well-formed event, or the first reason it is not. */
        IncomingUsageEvent event(int index) {
            if (unknown != null) {
                throw new Refused(EventRejection.INVALID_EVENT, "unknown field '" + StorableText.abbreviated(unknown) + "'");
            }
            if (unstorable != null) {
                String field = unstorable.path().substring(("events[" + index + "].").length());
                throw new Refused(field.startsWith("properties") ? EventRejection.INVALID_PROPERTY : EventRejection.INVALID_EVENT,
                        StorableText.abbreviated(field) + " " + unstorable.problem());
            }
            String type = checked("type", this.type, UsageEventTypes.MAX_TYPE_LENGTH);
            if (type == null || Names.isBlank(type)) {
                throw new Refused(EventRejection.MISSING_TYPE, "type is required");
            }
            String eventId = checked("event_id", this.eventId, UsageEventTypes.MAX_EVENT_ID_LENGTH);
            if (eventId != null && Names.isBlank(eventId)) {
                // as an id, a blank would make every later event sent with one a duplicate of the first
                throw new Refused(EventRejection.INVALID_EVENT, "event_id must not be blank; leave it out for an event "
                        + "that is not de-duplicated");
            }
            String customerId = checked("customer_id", this.customerId, UsageEventTypes.MAX_CUSTOMER_ID_LENGTH);
            String emailDomain = checked("email_domain", this.emailDomain, UsageEventTypes.MAX_EMAIL_DOMAIN_LENGTH);
            if (customerId == null && emailDomain == null) {
                throw new Refused(EventRejection.MISSING_CUSTOMER, "customer_id or email_domain is required");
            }
            String contactEmail = contactEmail();
            Instant timestamp = timestamp();
            if (propertiesNotAnObject) {
                throw new Refused(EventRejection.INVALID_EVENT, "properties must be a JSON object");
            }
            return new IncomingUsageEvent(index, eventId, type, customerId,
                    emailDomain == null ? null : emailDomain.trim().toLowerCase(Locale.ROOT), contactEmail, timestamp,
                    properties == null ? "{}" : properties, score(type), priority(type));
        }

        private String checked(String field, String value, int maxLength) {
            if (notStrings != null && notStrings.contains(field)) {
                throw new Refused(EventRejection.INVALID_EVENT, field + " must be a string");
            }
            if (value != null && Characters.count(value) > maxLength) {
                throw new Refused(EventRejection.INVALID_EVENT, field + " is at most " + maxLength + " characters");
            }
            return value;
        }

        /** An email as every email of the API is ({@link Emails}), trimmed; null when absent. */
        private String contactEmail() {
            String email = checked("contact_email", contactEmail, UsageEventTypes.MAX_CONTACT_EMAIL_LENGTH);
            if (email == null) {
                return null;
            }
            String trimmed = email.trim();
            if (!Emails.looksValid(trimmed)) {
                throw new Refused(EventRejection.INVALID_EVENT, "contact_email must be an email address");
            }
            return trimmed;
        }

        private Instant timestamp() {
            if (timestamp == null && (notStrings == null || !notStrings.contains("timestamp"))) {
                throw new Refused(EventRejection.INVALID_TIMESTAMP, "timestamp is required");
            }
            try {
                Instant parsed = timestamp == null ? null : UtcTimestamps.parse(timestamp);
                // a year beyond four digits (+10000-01-01T…) is no RFC 3339 time, as 10000-01-01T… is not
                if (parsed != null && !parsed.isBefore(Dates.FIRST_INSTANT) && parsed.isBefore(Dates.END_INSTANT)) {
                    // at the microsecond the store keeps, rounded here once rather than by each reader of the event
                    return UtcTimestamps.toMicros(parsed);
                }
            } catch (DateTimeException ignored) {
                // answered below, as for a timestamp that is not a string
            }
            throw new Refused(EventRejection.INVALID_TIMESTAMP, TIMESTAMP_FORMAT);
        }

        /** The NPS answer of an {@code nps.response}: an integer 0-10. */
        private Integer score(String type) {
            if (!type.equals(UsageEventTypes.NPS_RESPONSE)) {
                return null;
            }
            if (score == null) {
                throw new Refused(EventRejection.INVALID_PROPERTY, "properties.score of nps.response must be an integer from 0 to 10");
            }
            return score;
        }

        /** The priority of a ticket event: low, normal, high or urgent; normal when absent. */
        private String priority(String type) {
            if (!type.equals(UsageEventTypes.TICKET_OPENED) && !type.equals(UsageEventTypes.TICKET_CLOSED)) {
                return null;
            }
            if (priorityNotAString || priority != null && !PRIORITIES.contains(priority)) {
                throw new Refused(EventRejection.INVALID_PROPERTY, "properties.priority must be one of low, normal, high, urgent");
            }
            return priority == null ? "normal" : priority;
        }
    }
}
