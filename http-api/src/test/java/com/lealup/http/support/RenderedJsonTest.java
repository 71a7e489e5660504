package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kept JSON is written as it is, the same as text or as UTF-8 bytes, the first time and every time after. */
class RenderedJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void isWrittenAsItIsEveryTime() throws Exception {
        String text = "{\"name\":\"Compañía Ñandú ☃ 😀\",\"n\":1.5}";
        RenderedJson<Object> rendered = new RenderedJson<>(text);
        String page = "{\"data\":[" + text + "," + text + "],\"more\":true}";
        Map<String, Object> answer = new LinkedHashMap<>(); // in the page's order (Map.of has none)
        answer.put("data", List.of(rendered, rendered));
        answer.put("more", true);
        for (int i = 0; i < 3; i++) {
            assertThat(new String(JSON.writeValueAsBytes(answer), StandardCharsets.UTF_8)).isEqualTo(page);
            assertThat(JSON.writeValueAsString(answer)).isEqualTo(page);
        }
        assertThat(rendered.json()).isEqualTo(text);
        assertThat(rendered).isEqualTo(new RenderedJson<>(text)).hasSameHashCodeAs(new RenderedJson<>(text));
    }

    @Test
    void fillsAnyNumberOfTheGeneratorsBuffers() throws Exception {
        String text = "\"" + "é".repeat(20_000) + "\"";
        RenderedJson<Object> rendered = new RenderedJson<>(text);
        String expected = "[\"x\"," + text + "," + text + "]";
        assertThat(new String(JSON.writeValueAsBytes(List.of("x", rendered, rendered)), StandardCharsets.UTF_8))
                .isEqualTo(expected);
    }
}
