package com.lealup.http.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.lealup.api.customer.CustomerView;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** A customer's kept JSON is the text the mapper writes for the row read now, whatever row was kept before. */
class RenderedCustomersTest {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
    private static final Instant AT = Instant.parse("2026-11-30T15:30:00.123456Z");

    private final RenderedCustomers rendered = new RenderedCustomers(JSON);

    @Test
    void writesWhatTheMapperWritesForTheRowReadNow() throws Exception {
        CustomerView row = row("wsp_1", "Acme", 3, null, AT);
        assertThat(rendered.of(row).json()).isEqualTo(written(row)).contains("\"version\":3",
                "\"health\":{\"score\":null,\"status\":null,\"calculated_at\":null}");
        assertThat(rendered.of(row)).as("kept").isSameAs(rendered.of(row("wsp_1", "Acme", 3, null, AT)));
        for (CustomerView changed : new CustomerView[] {
                row("wsp_1", "Acme Corp", 4, null, AT.plusSeconds(1)),   // a write
                row("wsp_1", "Acme Corp", 4, 72, AT.plusSeconds(1)),     // a score, the version unchanged
                row("wsp_2", "Acme Corp", 4, 72, AT.plusSeconds(1)),     // the same id in another workspace
                row("wsp_1", "Acme", 3, null, AT)}) {                     // an older read, racing a newer one
            assertThat(rendered.of(changed).json()).isEqualTo(written(changed));
        }
    }

    private static String written(CustomerView row) throws Exception {
        return JSON.writeValueAsString(CustomerJson.of(row));
    }

    private static CustomerView row(String workspace, String name, long version, Integer score, Instant updatedAt) {
        return new CustomerView("cus_1", workspace, name, "acme.com", new BigDecimal("1000.50"), "USD", "active", null,
                null, LocalDate.of(2027, 6, 15), "commit", "{\"tier\":\"Gold\"}", score, score == null ? null : "healthy",
                score == null ? null : AT, AT, updatedAt, version, null, null);
    }
}
