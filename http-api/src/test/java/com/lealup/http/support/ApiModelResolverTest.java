package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Schemas as Jackson writes the records: nullable, always written, scalars, members of an unwrapped record. */
class ApiModelResolverTest {

    private final Map<String, Schema> models = models("com.lealup.http.customer.CustomerJson$Detail");

    @Test
    void aNullableReferenceIsItOrNullAndItsNameIsKeptWhenUnwrapped() {
        Map<String, Schema> holders = models("com.lealup.http.support.ApiModelResolverTest$Outer");
        for (String name : new String[] {"Inner", "Outer"}) {
            Schema<?> part = (Schema<?>) holders.get(name).getProperties().get("part");
            assertThat(part).as(name).isNotNull();
            assertThat(part.getAnyOf()).hasSize(2);
            assertThat(((Schema<?>) part.getAnyOf().get(1)).getNullable()).isTrue();
            assertThat(holders.get(name).getProperties().containsKey(null)).isFalse();
        }
        assertThat(member("Customer", "owner_id").getNullable()).isTrue();
        assertThat(member("Customer", "name").getNullable()).isNull();
    }

    @Test
    void aCustomersHealthIsAlwaysAnObjectAndTheDetailsIsItsOwn() {
        assertThat(member("Customer", "health").get$ref()).endsWith("/CustomerHealthSummary");
        assertThat(member("CustomerDetail", "health").get$ref()).endsWith("/CustomerHealthDetail");
        assertThat(models.get("CustomerDetail").getExtensions().get(ApiModelResolver.ALWAYS_WRITTEN).toString())
                .contains("health");
        assertThat(member("CustomerHealthSummary", "score").getNullable()).isTrue();
        assertThat(member("CustomerHealthDetail", "model_version").getNullable()).isTrue();
        assertThat(member("CustomerHealthDetail", "dimensions").getNullable()).isNull();
    }

    record Part(String name) {
    }

    record Inner(@org.springframework.lang.Nullable Part part) {
    }

    record Outer(@com.fasterxml.jackson.annotation.JsonUnwrapped Inner inner, int count) {
    }

    @Test
    void membersJacksonAlwaysWritesAreListedAndJsonScalarMapsHoldScalars() {
        assertThat(models.get("CustomerDetail").getExtensions().get(ApiModelResolver.ALWAYS_WRITTEN).toString())
                .contains("id", "owner_id", "renewal").doesNotContain("pending_tasks", "as_of");
        Schema<?> values = (Schema<?>) member("Customer", "custom_fields").getAdditionalProperties();
        assertThat(values.getAnyOf()).hasSize(3);
    }

    private Schema<?> member(String model, String name) {
        return (Schema<?>) models.get(model).getProperties().get(name);
    }

    private static Map<String, Schema> models(String type) {
        ModelConverters converters = new ModelConverters();
        converters.addConverter(new ApiModelResolver(
                new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)));
        try {
            return converters.readAll(Class.forName(type));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
