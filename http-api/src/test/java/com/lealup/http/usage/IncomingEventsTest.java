package com.lealup.http.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.lealup.api.usage.EventRejection;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a batch body in one streaming pass: what is kept verbatim, what is picked up, what is refused. */
class IncomingEventsTest {

    private static final String AT = "\"timestamp\":\"2026-11-26T08:00:00Z\"";

    private static IncomingEvents read(String json) {
        return IncomingEvents.read(json.getBytes(StandardCharsets.UTF_8));
    }

    private static IncomingEvents batch(String... events) {
        return read("{\"events\":[" + String.join(",", events) + "]}");
    }

    private static String rejection(IncomingEvents events) {
        assertThat(events.wellFormed()).isEmpty();
        EventRejection rejected = events.rejected().get(0);
        return rejected.code() + ": " + rejected.message();
    }

    @Test
    void readsAnEventWithItsPropertiesAsTheClientWroteThem() {
        String properties = "{ \"note\" : \"é ✓ \\\"q\\\" \\u00e9\",\n \"nested\": {\"score\": 99, \"a\": [1, {\"b\": null}]}, \"n\": 1.50 }";
        IncomingEvents events = batch("{\"event_id\":\"e-1\",\"type\":\"feature_used\",\"email_domain\":\" ACME.com \","
                + "\"contact_email\":\"ana@acme.com\"," + AT + ",\"properties\":" + properties + "}");

        assertThat(events.rejected()).isEmpty();
        IncomingUsageEvent event = events.wellFormed().get(0);
        assertThat(event).isEqualTo(new IncomingUsageEvent(0, "e-1", "feature_used", null, "acme.com", "ana@acme.com",
                Instant.parse("2026-11-26T08:00:00Z"), properties, null, null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2026-11-26T08:00:00.0000005Z|2026-11-26T08:00:00.000001Z",
            "2026-11-26T08:00:00.0000015Z|2026-11-26T08:00:00.000002Z",
            "2026-11-26T08:00:00.123456499Z|2026-11-26T08:00:00.123456Z",
            "2026-11-26T09:00:00.5+01:00|2026-11-26T08:00:00.5Z"})
    void readsATimestampAtTheMicrosecondTheStoreKeeps(String sent, String kept) {
        IncomingEvents events = batch("{\"type\":\"login\",\"customer_id\":\"cus_1\",\"timestamp\":\"" + sent + "\"}");

        assertThat(events.wellFormed().get(0).timestamp()).isEqualTo(Instant.parse(kept));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T08:15Z", "2026-11-26T09:15+01:00", "2026-11-26 08:15:00Z",
            "2026-11-26T08:15:00", "2026-11-26"})
    void aTimestampIsAnRfc3339DateTimeWithSeconds(String sent) {
        IncomingEvents events = batch("{\"type\":\"login\",\"customer_id\":\"cus_1\",\"timestamp\":\"" + sent + "\"}");

        assertThat(events.rejected()).extracting(EventRejection::code, EventRejection::message)
                .containsExactly(tuple(EventRejection.INVALID_TIMESTAMP,
                        "timestamp must be an RFC 3339 date-time, with seconds and Z or an offset, e.g. "
                                + "2026-11-26T08:00:00Z or 2026-11-26T09:00:00.5+01:00"));
    }

    @Test
    void absentOrNullPropertiesAreAnEmptyObject() {
        assertThat(batch("{\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + "}").wellFormed().get(0).properties())
                .isEqualTo("{}");
        assertThat(batch("{\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + ",\"properties\":null}")
                .wellFormed().get(0).properties()).isEqualTo("{}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"7|7", "0|0", "10|10", "7.0|7", "1e1|10"})
    void readsTheScoreOfAnNpsResponse(String score, int expected) {
        IncomingEvents events = batch("{\"type\":\"nps.response\",\"customer_id\":\"cus_1\"," + AT
                + ",\"properties\":{\"comment\":\"ok\",\"score\":" + score + "}}");
        assertThat(events.wellFormed().get(0).score()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"11", "-1", "7.5", "\"7\"", "null", "[7]", "{\"v\":7}", "1e400"})
    void refusesAnyOtherScore(String score) {
        IncomingEvents events = batch("{\"type\":\"nps.response\",\"customer_id\":\"cus_1\"," + AT
                + ",\"properties\":{\"score\":" + score + "}}");
        assertThat(rejection(events)).startsWith("invalid_property: properties.score");
        assertThat(rejection(batch("{\"type\":\"nps.response\",\"customer_id\":\"cus_1\"," + AT + "}")))
                .startsWith("invalid_property: properties.score");
    }

    @Test
    void readsTheScoreOfOtherTypesAsNothing() {
        assertThat(batch("{\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + ",\"properties\":{\"score\":\"x\"}}")
                .wellFormed().get(0).score()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"urgent\"|urgent", "null|normal", "|normal"})
    void readsThePriorityOfATicket(String priority, String expected) {
        String properties = priority == null ? "{}" : "{\"priority\":" + priority + "}";
        IncomingEvents events = batch("{\"type\":\"support.ticket_opened\",\"customer_id\":\"cus_1\"," + AT
                + ",\"properties\":" + properties + "}");
        assertThat(events.wellFormed().get(0).priority()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"URGENT\"", "3", "[\"high\"]"})
    void refusesAnyOtherPriority(String priority) {
        IncomingEvents events = batch("{\"type\":\"support.ticket_closed\",\"customer_id\":\"cus_1\"," + AT
                + ",\"properties\":{\"priority\":" + priority + "}}");
        assertThat(rejection(events)).startsWith("invalid_property: properties.priority");
    }

    @Test
    void aMemberSentTwiceCountsWithItsLastValue() {
        IncomingEvents events = batch("{\"type\":[1],\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT
                + ",\"properties\":{\"a\":1},\"properties\":{\"b\":2}}");
        assertThat(events.wellFormed().get(0).type()).isEqualTo("login");
        assertThat(events.wellFormed().get(0).properties()).isEqualTo("{\"b\":2}");
    }

    @Test
    void eachBadEventIsRefusedByIndexAndTheReadingGoesOn() {
        String ok = "{\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + "}";
        IncomingEvents events = batch(
                "\"not an object\"",
                "[" + ok + "]",
                "{\"colour\":{\"deep\":[1,2]},\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + "}",
                "{\"customer_id\":\"cus_1\"," + AT + "}",
                "{\"type\":\" \",\"customer_id\":\"cus_1\"," + AT + "}",
                "{\"type\":7,\"customer_id\":\"cus_1\"," + AT + "}",
                "{\"type\":\"login\"," + AT + "}",
                "{\"type\":\"login\",\"customer_id\":\"" + "c".repeat(41) + "\"," + AT + "}",
                "{\"type\":\"login\",\"customer_id\":\"cus_1\"}",
                "{\"type\":\"login\",\"customer_id\":\"cus_1\",\"timestamp\":1700000000}",
                "{\"type\":\"login\",\"customer_id\":\"cus_1\",\"timestamp\":\"2026-02-30T08:00:00Z\"}",
                "{\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + ",\"properties\":[]}",
                "null",
                "{\"type\":\"login\",\"customer_id\":\"cus_1\",\"contact_email\":\"not-an-email\"," + AT + "}",
                ok,
                "{\"type\":\"login\",\"customer_id\":\"cus_1\",\"contact_email\":\" ana@acme.com \"," + AT + "}");

        assertThat(events.wellFormed()).extracting(IncomingUsageEvent::index).containsExactly(14, 15);
        assertThat(events.wellFormed().get(1).contactEmail()).isEqualTo("ana@acme.com");
        assertThat(events.rejected()).extracting(r -> r.index() + " " + r.code() + ": " + r.message()).containsExactly(
                "0 invalid_event: an event must be a JSON object",
                "1 invalid_event: an event must be a JSON object",
                "2 invalid_event: unknown field 'colour'",
                "3 missing_type: type is required",
                "4 missing_type: type is required",
                "5 invalid_event: type must be a string",
                "6 missing_customer: customer_id or email_domain is required",
                "7 invalid_event: customer_id is at most 40 characters",
                "8 invalid_timestamp: timestamp is required",
                "9 invalid_timestamp: " + IncomingEvents.TIMESTAMP_FORMAT,
                "10 invalid_timestamp: " + IncomingEvents.TIMESTAMP_FORMAT,
                "11 invalid_event: properties must be a JSON object",
                "12 invalid_event: an event must be a JSON object",
                "13 invalid_event: contact_email must be an email address");
    }

    @Test
    void moreThanAThousandEventsIs413WithTheirCount() {
        String event = "{\"type\":\"login\",\"customer_id\":\"cus_1\"," + AT + "}";
        assertThat(batch(java.util.Collections.nCopies(1000, event).toArray(String[]::new)).wellFormed()).hasSize(1000);
        assertThatThrownBy(() -> batch(java.util.Collections.nCopies(1002, event).toArray(String[]::new)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(413);
                    assertThat(e.getMessage()).endsWith("not 1002");
                });
    }

    /**
     * Jackson's parser takes member names of up to 50,000 characters; a longer one in properties is data like any
     * value (bounded by the body), and an unknown member rejects its event only, whatever its name's length.
     */
    @Test
    void aNameLongerThanTheParsersLimitIsReadLikeAnyOther() {
        String name = "k".repeat(60_000);
        IncomingEvents events = batch("{\"type\":\"ok\",\"customer_id\":\"cus_1\"," + AT + "}",
                "{\"type\":\"x\",\"customer_id\":\"cus_1\"," + AT + ",\"properties\":{\"" + name + "\": 1}}",
                "{\"type\":\"x\",\"customer_id\":\"cus_1\"," + AT + ",\"" + name + "\": 1}");

        assertThat(events.wellFormed()).extracting(IncomingUsageEvent::properties)
                .containsExactly("{}", "{\"" + name + "\": 1}");
        assertThat(events.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.index()).isEqualTo(2);
            assertThat(rejected.code()).isEqualTo(EventRejection.INVALID_EVENT);
            // a message quotes the first 100 characters of a name
            assertThat(rejected.message()).isEqualTo("unknown field '" + "k".repeat(100) + "…'");
        });
        try {
            read("{\"events\":[],\"" + name + "\":1}");
            throw new AssertionError("an unknown member of the batch is refused");
        } catch (ApiException e) {
            assertThat(e.getMessage()).isEqualTo("Unknown field '" + "k".repeat(100) + "…'");
            assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.field()).isEqualTo(name));
        }
        // the parser's other limits still fail the batch, on the second reading too
        assertThat(refusal("{\"events\":[{\"properties\":{\"" + name + "\":" + "[".repeat(1001) + "]".repeat(1001) + "}}]}"))
                .isEqualTo("malformed_json: The request body is not valid JSON");
    }

    @Test
    void aBodyThatIsNotABatchIsRefusedWhole() {
        assertThat(refusal("{}")).isEqualTo("validation_error: events is required");
        assertThat(refusal("{\"events\":null}")).isEqualTo("validation_error: events cannot be null");
        assertThat(refusal("{\"events\":null} {}")).isEqualTo("malformed_json: The request body is not valid JSON");
        assertThat(FieldErrors.of(() -> read("{\"events\":null}"))).containsExactly("events not_nullable");
        assertThat(FieldErrors.of(() -> read("{}"))).containsExactly("events required");
        assertThat(refusal("{\"events\":{}}")).isEqualTo("validation_error: Field 'events' must be an array");
        assertThat(refusal("{\"events\":[],\"colour\":1}")).isEqualTo("validation_error: Unknown field 'colour'");
        assertThat(refusal("{\"events\":[{\"type\":\"a\"}],\"events\":[]}"))
                .isEqualTo("validation_error: Field 'events' is given more than once");
        assertThat(refusal("[]")).startsWith("malformed_json: The request body must be a JSON object");
        assertThat(refusal("{\"events\": [")).isEqualTo("malformed_json: The request body is not valid JSON");
        assertThat(refusal("{\"events\": [{\"type\": \"lo")).isEqualTo("malformed_json: The request body is not valid JSON");
        assertThat(refusal("{\"events\": [{\"properties\": {\"a\": tru}}]}"))
                .isEqualTo("malformed_json: The request body is not valid JSON");
        assertThat(refusal("{\"events\": []} {}")).isEqualTo("malformed_json: The request body is not valid JSON");
        assertThat(refusal("")).isEqualTo("malformed_json: The request body must be a JSON object: {\"events\": [...]}");
        assertThatThrownBy(() -> IncomingEvents.read("{\"events\": []}".getBytes(StandardCharsets.UTF_16BE)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("UTF-8"));
        // the UCS-4 byte orders Jackson detects but does not read (2143, 3412) are not UTF-8 either: not a 500
        for (byte[] ucs4 : List.of(new byte[] {0, 0, (byte) 0xFF, (byte) 0xFE, 0, 0, 0, '{'},
                new byte[] {0, '{', 0, 0})) {
            assertThatThrownBy(() -> IncomingEvents.read(ucs4)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.code() + ": " + e.getMessage())
                            .isEqualTo("malformed_json: The request body must be JSON in UTF-8"));
        }
        assertThat(List.of(read("  {\"events\": []}\n").wellFormed(), read("{\"events\": []}").rejected()))
                .allSatisfy(list -> assertThat(list).isEmpty());
    }

    @Test
    void aBodyThatIsNotWellFormedUtf8IsRefusedWholeBeforeAnyEventIsRead() {
        // C0 80 is an overlong U+0000 that the JSON parser would read as a NUL, past the check of each event's text
        byte[] batch = "{\"events\":[{\"type\":\"login__\",\"customer_id\":\"cus_1\",\"timestamp\":\"2026-11-26T08:00:00Z\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        int at = new String(batch, StandardCharsets.UTF_8).indexOf("__");
        batch[at] = (byte) 0xC0;
        batch[at + 1] = (byte) 0x80;

        assertThatThrownBy(() -> IncomingEvents.read(batch)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo("malformed_json");
            assertThat(e.getMessage()).isEqualTo("The request body is not valid UTF-8 (byte " + at + ")");
        });
    }

    private static String refusal(String json) {
        try {
            read(json);
        } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
            return e.code() + ": " + e.getMessage();
        }
        throw new AssertionError("read " + json);
    }
}
