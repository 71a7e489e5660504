package com.lealup.read.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.lealup.read.ReadModelDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The custom fields' stored text, rewritten, is what the API wrote when it read it into a map and wrote that. */
class CustomFieldsTextTest {

    // the application's mapper reads untyped floats as exact decimals and writes them plain (application.yml)
    private static final ObjectMapper JACKSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    @Test
    void writesWhatJacksonWroteFromTheMap() throws Exception {
        List<String> stored = List.of("{}",
                "{\"tier\": \"Platinum\", \"seats\": 250}",
                "{\"a\": 1.50, \"b\": 0.1, \"c\": 100.00, \"d\": -2.5, \"e\": 0.0000001, \"f\": 12345678901234567890.123}",
                "{\"big\": 123456789012345678901234567890, \"neg\": -42, \"zero\": 0, \"long\": 9007199254740993}",
                "{\"t\": true, \"f\": false, \"n\": null}",
                "{\"q\": \"say \\\"hi\\\" \\\\ back\", \"c\": \"tab\\there\\nnew\\r\\b\\f\", \"u\": \"\\u0001\\u001f\\u007f\\u00e9\\/\\ud83d\\ude00\"}",
                "{\"ü\": \"ñandú 😀 \u2028 / </script>\", \"key with spaces\": \" , : { } [ ] \"}",
                "{\"huge\": 1" + "0".repeat(400) + ".5, \"tiny\": 0." + "0".repeat(400) + "1}",
                "{\"exp\": 1.5e3, \"EXP\": 2E-3}");
        for (String text : stored) {
            Map<String, Object> map = JACKSON.readValue(text, new TypeReference<>() { });
            assertThat(CustomFieldsText.of(text)).as(text).isEqualTo(JACKSON.writeValueAsString(map));
        }
    }

    @Test
    void numbersKeepTheDigitsStoredInPlainNotation() {
        assertThat(CustomFieldsText.of("{\"x\": 123456789.1234567891, \"arr\": 999999999999999.85}"))
                .isEqualTo("{\"x\":123456789.1234567891,\"arr\":999999999999999.85}");
    }

    @Test
    void writesWhatJacksonWroteFromPostgresqlsOwnText() throws Exception {
        List<String> texts = ReadModelDatabase.jdbc().sql("""
                SELECT v::jsonb::text FROM (VALUES ('{"seats": 250, "tier": "Platinum", "ratio": 1.50}'),
                  ('{"s": "a\\u0001b\\tc\\"d\\\\e", "x": 1e2, "y": 1.5e-7, "z": -0.0, "n": null, "b": true}'),
                  ('{"long key first": 1, "k": 2, "kk": [3]}')) AS t(v)""").query(String.class).list();
        assertThat(texts).hasSize(3);
        for (String text : texts) {
            Map<String, Object> map = JACKSON.readValue(text, new TypeReference<>() { });
            assertThat(CustomFieldsText.of(text)).as(text).isEqualTo(JACKSON.writeValueAsString(map));
        }
    }
}
