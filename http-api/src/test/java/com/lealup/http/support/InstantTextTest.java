package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link InstantText} writes what Jackson's own serializer wrote, with it or without it registered. */
class InstantTextTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final ObjectMapper FAST = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new InstantText()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void writesWhatJacksonWrote() throws Exception {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.parse("0999-03-04T05:06:07.100Z"),
                Instant.parse("2026-11-30T15:30:00.000001Z"), Instant.parse("2026-11-30T15:30:00.010Z"),
                Instant.parse("2026-11-30T15:30:00.000000100Z"), Instant.parse("1969-12-31T23:59:59.5Z")));
        Random random = new Random(18);
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond());
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant instant : instants) {
            assertThat(FAST.writeValueAsString(instant)).as(instant.toString())
                    .isEqualTo(JACKSON.writeValueAsString(instant)).isEqualTo("\"" + instant + "\"");
        }
        Map<String, Instant> member = Map.of("at", instants.get(6));
        assertThat(FAST.writeValueAsString(member)).isEqualTo(JACKSON.writeValueAsString(member));
    }

    @Test
    void isTheSerializerOfInstantsAndOfInstantMembers() throws Exception {
        assertThat(FAST.getSerializerProviderInstance().findValueSerializer(Instant.class))
                .isInstanceOf(InstantText.Serializer.class);
        assertThat(FAST.getSerializerProviderInstance().findPrimaryPropertySerializer(Instant.class, null))
                .isInstanceOf(InstantText.Serializer.class);
        record At(Instant at, @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant number) {
        }
        Instant instant = Instant.parse("2026-11-30T15:30:00.123456Z");
        assertThat(FAST.writeValueAsString(new At(instant, instant)))
                .isEqualTo(JACKSON.writeValueAsString(new At(instant, instant)))
                .isEqualTo("{\"at\":\"2026-11-30T15:30:00.123456Z\",\"number\":1796052600.123456000}");
    }

    @Test
    void leavesTimestampsToJackson() throws Exception {
        ObjectMapper timestamps = FAST.copy().enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Instant instant = Instant.parse("2026-11-30T15:30:00.123456Z");
        assertThat(timestamps.writeValueAsString(instant)).isEqualTo(JACKSON.copy()
                .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant));
    }
}
