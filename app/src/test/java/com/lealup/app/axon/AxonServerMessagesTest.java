package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.DomainRejection;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.CustomerDetail;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindCustomer;
import com.lealup.api.customer.FindCustomerDetail;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import com.lealup.api.task.TaskView;
import com.lealup.app.support.ApiTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * What travels through Axon Server's buses is serialized by Axon's message serializer (commands, queries, their
 * answers) and its general serializer (the details of a refusal), as configured in this server: a command, a query,
 * an answer (a customer's page) and a refusal's details (a 400's every field error) come back equal, exact
 * decimals, dates and untyped custom fields included. In-process (the default) nothing is serialized, so only this
 * test would notice a message type that cannot cross nodes.
 */
class AxonServerMessagesTest extends ApiTest {

    @Autowired
    @Qualifier("messageSerializer")
    private Serializer messages;

    @Autowired
    private Serializer general;

    @Test
    void commandsQueriesAnswersAndRefusalsSurviveTheTripThroughAxonServer() {
        Map<String, Object> customFields = new LinkedHashMap<>();
        customFields.put("tier", "Platinum");
        customFields.put("seats", new BigDecimal("12.50"));
        customFields.put("flags", Map.of("beta", true));
        CreateCustomer create = new CreateCustomer("cus_01ARZ3NDEKTSV4RRFFQ69G5FAV", "wsp_01ARZ3NDEKTSV4RRFFQ69G5FAW",
                new CustomerFields("Acme", "acme.com", new BigDecimal("145000.00"), "USD", "active", null, null,
                        LocalDate.of(2027, 6, 15), null, customFields), "csm@acme.com");

        assertThat(roundTrip(messages, create)).isEqualTo(create);
        assertThat(roundTrip(messages, new FindCustomer("wsp_1", "cus_1"))).isEqualTo(new FindCustomer("wsp_1", "cus_1"));
        assertThat(roundTrip(messages, new FindCustomerDetail("wsp_1", "cus_1")))
                .isEqualTo(new FindCustomerDetail("wsp_1", "cus_1"));
        Instant at = Instant.parse("2026-11-30T10:15:30.123456Z");
        CustomerDetail detail = new CustomerDetail(new CustomerView("cus_1", "wsp_1", "Acme", "acme.com",
                new BigDecimal("145000.00"), "USD", "active", null, null, LocalDate.of(2027, 6, 15), "commit",
                "{\"tier\": \"Gold\"}", 72, "healthy", at, at, at, 3, null, null),
                new CustomerHealthView("cus_1", 4, 72, "healthy", 2, at, List.of(new DimensionScore("nps",
                        new BigDecimal("40.0"), 80, new BigDecimal("32.00"), Map.of("latest_nps", 9))), null, null),
                List.of(new TaskView("tsk_1", "wsp_1", "cus_1", null, null, "Call champion", null, "usr_1", "usr_1",
                        "pending", "high", LocalDate.of(2027, 1, 15), null, null, null, at, at, 1)), 51);
        assertThat(roundTrip(messages, detail)).isEqualTo(detail);
        DomainRejection.Details details = DomainRejection.conflict("duplicate_domain", "taken", Map.of("existing_id", "cus_2"))
                .details();
        assertThat(roundTrip(general, details)).isEqualTo(details);
        DomainRejection.Details fieldErrors = DomainRejection.invalid(List.of(
                new DomainRejection.FieldError("invalid_format", "email", "email must be an email address"),
                new DomainRejection.FieldError("unknown_value", "role", "role must be one of admin"))).details();
        assertThat(roundTrip(general, fieldErrors)).isEqualTo(fieldErrors);
    }

    private static <T> T roundTrip(Serializer serializer, T message) {
        SerializedObject<byte[]> serialized = serializer.serialize(message, byte[].class);
        return serializer.deserialize(serialized);
    }
}
