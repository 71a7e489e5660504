package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.DomainRejection;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.FindCustomer;
import com.lealup.app.support.ApiTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * What travels through Axon Server's buses is serialized by Axon's message serializer (commands, queries, their
 * answers) and its general serializer (the details of a refusal), as configured in this server: a command, a query
 * and a refusal's details come back equal, exact decimals, dates and untyped custom fields included. In-process (the
 * default) nothing is serialized, so only this test would notice a message type that cannot cross nodes.
 */
class AxonServerMessagesTest extends ApiTest {

    @Autowired
    @Qualifier("messageSerializer")
    private Serializer messages;

    @Autowired
    private Serializer general;

    @Test
    void commandsQueriesAndRefusalsSurviveTheTripThroughAxonServer() {
        Map<String, Object> customFields = new LinkedHashMap<>();
        customFields.put("tier", "Platinum");
        customFields.put("seats", new BigDecimal("12.50"));
        customFields.put("flags", Map.of("beta", true));
        CreateCustomer create = new CreateCustomer("cus_01ARZ3NDEKTSV4RRFFQ69G5FAV", "wsp_01ARZ3NDEKTSV4RRFFQ69G5FAW",
                new CustomerFields("Acme", "acme.com", new BigDecimal("145000.00"), "USD", "active", null, null,
                        LocalDate.of(2027, 6, 15), null, customFields), "csm@acme.com");

        assertThat(roundTrip(messages, create)).isEqualTo(create);
        assertThat(roundTrip(messages, new FindCustomer("wsp_1", "cus_1"))).isEqualTo(new FindCustomer("wsp_1", "cus_1"));
        DomainRejection.Details details = DomainRejection.conflict("duplicate_domain", "taken", Map.of("existing_id", "cus_2"))
                .details();
        assertThat(roundTrip(general, details)).isEqualTo(details);
    }

    private static <T> T roundTrip(Serializer serializer, T message) {
        SerializedObject<byte[]> serialized = serializer.serialize(message, byte[].class);
        return serializer.deserialize(serialized);
    }
}
