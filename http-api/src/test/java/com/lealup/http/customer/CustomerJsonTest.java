package com.lealup.http.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code health} is always an object on a customer's page, its members null (dimensions empty) before a score. */
class CustomerJsonTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final Instant AT = Instant.parse("2026-11-30T15:30:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @Test
    void anUnscoredCustomersPageHasAHealthOfNulls() throws Exception {
        String text = JSON.writeValueAsString(CustomerJson.detail(row(null), TODAY, List.of(), 0,
                new CustomerHealthView("cus_1", 0, null, null, null, null, List.of(), null, null)));

        assertThat(text).containsOnlyOnce("\"health\"");
        assertThat(JSON.readTree(text).path("health").toString()).isEqualTo("{\"score\":null,\"status\":null,"
                + "\"calculated_at\":null,\"model_version\":null,\"dimensions\":[]}");
    }

    @Test
    void aScoredCustomersPageHasItsBreakdown() throws Exception {
        DimensionScore nps = new DimensionScore("nps", BigDecimal.valueOf(100), 70, BigDecimal.valueOf(70),
                Map.of("latest_nps", 7));
        JsonNode health = JSON.readTree(JSON.writeValueAsString(CustomerJson.detail(row(70), TODAY, List.of(), 0,
                new CustomerHealthView("cus_1", 1, 70, "healthy", 2, AT, List.of(nps), null, null)))).path("health");

        assertThat(health.path("score").asInt()).isEqualTo(70);
        assertThat(health.path("model_version").asInt()).isEqualTo(2);
        assertThat(health.path("dimensions").get(0).path("key").asText()).isEqualTo("nps");
    }

    /** The customer as it was: the health in force then, of nulls before its first score (its row's summary aside). */
    @Test
    void theCustomerAsItWasHasTheHealthInForceThen() throws Exception {
        JsonNode unscored = JSON.readTree(JSON.writeValueAsString(CustomerJson.asOf(row(70), AT,
                new CustomerHealthView("cus_1", 0, null, null, null, null, List.of(), null, null))));
        assertThat(unscored.path("health").path("score").isNull()).isTrue();
        assertThat(unscored.path("health").path("dimensions").isEmpty()).isTrue();
        assertThat(unscored.path("as_of").asText()).isEqualTo("2026-11-30T15:30:00Z");
        assertThat(unscored.has("pending_tasks")).isFalse();

        DimensionScore nps = new DimensionScore("nps", BigDecimal.valueOf(100), 60, BigDecimal.valueOf(60),
                Map.of("latest_nps", 6));
        JsonNode scored = JSON.readTree(JSON.writeValueAsString(CustomerJson.asOf(row(70), AT,
                new CustomerHealthView("cus_1", 3, 60, "neutral", 2, AT, List.of(nps), null, null)))).path("health");
        assertThat(scored.path("score").asInt()).isEqualTo(60);
        assertThat(scored.path("status").asText()).isEqualTo("neutral");
        assertThat(scored.path("model_version").asInt()).isEqualTo(2);
        assertThat(scored.path("dimensions").get(0).path("signals").path("latest_nps").asInt()).isEqualTo(6);
    }

    private static CustomerView row(Integer score) {
        return new CustomerView("cus_1", "wsp_1", "Acme", "acme.com", new BigDecimal("1000.50"), "USD", "active", null,
                null, null, "commit", "{}", score, score == null ? null : "healthy", score == null ? null : AT, AT, AT,
                1, null, null);
    }
}
