package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.MetadataKeys;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthScoreCalculated;
import com.lealup.app.support.ApiTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Score events stored before the trigger existed (revision 1) read through the server's serializer and upcasters. */
class HealthScoreCalculatedUpcasterTest extends ApiTest {

    @Autowired
    private Configuration axon;

    @Test
    void aScoreStoredWithoutTriggerIsUpcast() {
        Serializer serializer = axon.eventSerializer();
        HealthScoreCalculated event = new HealthScoreCalculated("cus_legacy", "wsp_legacy", 2, 64, "neutral", 84,
                "healthy", 1, List.of(new DimensionScore("nps", new BigDecimal("100.00"), 64, new BigDecimal("64.00"),
                Map.of("latest_nps", 6))), Instant.parse("2026-03-01T08:00:00Z"), "events");
        SerializedObject<byte[]> current = serializer.serialize(event, byte[].class);
        assertThat(current.getType().getRevision()).isEqualTo("2");
        // revision 1 is revision 2 without its last field (the text as stored, decimals and all)
        String revision2 = new String(current.getData(), StandardCharsets.UTF_8);
        assertThat(revision2).endsWith(",\"trigger\":\"events\"}");
        byte[] stored = revision2.replace(",\"trigger\":\"events\"}", "}").getBytes(StandardCharsets.UTF_8);

        assertThat(readStored(serializer, stored, "system")).isEqualTo(withTrigger(event, null));
        assertThat(readStored(serializer, stored, "api_key")).isEqualTo(withTrigger(event, "manual"));
        assertThat(readStored(serializer, stored, "user")).isEqualTo(withTrigger(event, "manual"));
    }

    /** {@code payload} as revision 1 stored it (no revision), caused by an actor of {@code actorType}. */
    private HealthScoreCalculated readStored(Serializer serializer, byte[] payload, String actorType) {
        byte[] metaData = serializer.serialize(MetaData.with(MetadataKeys.ACTOR_TYPE, actorType), byte[].class)
                .getData();
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("HealthScoreCalculated",
                UUID.randomUUID().toString(), 0, UUID.randomUUID().toString(), Instant.parse("2026-03-01T08:00:00Z"),
                HealthScoreCalculated.class.getName(), null, payload, metaData);
        return (HealthScoreCalculated) EventStreamUtils.upcastAndDeserializeDomainEvents(Stream.of(entry), serializer,
                axon.upcasterChain()).next().getPayload();
    }

    private static HealthScoreCalculated withTrigger(HealthScoreCalculated e, String trigger) {
        return new HealthScoreCalculated(e.customerId(), e.workspaceId(), e.calculation(), e.score(), e.status(),
                e.previousScore(), e.previousStatus(), e.modelVersion(), e.dimensions(), e.calculatedAt(), trigger);
    }
}
