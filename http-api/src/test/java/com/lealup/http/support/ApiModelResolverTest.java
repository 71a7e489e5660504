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

    private final Map<String, Schema> models = models("com.lealup.http.customers.CustomerJson$Detail");

    @Test
    void aNullableReferenceIsItOrNullAndItsNameIsKeptWhenUnwrapped() {
        for (String name : new String[] {"Customer", "CustomerDetail"}) {
            Schema<?> health = member(name, "health");
            assertThat(health).as(name).isNotNull();
            assertThat(health.getAnyOf()).hasSize(2);
            assertThat(((Schema<?>) health.getAnyOf().get(1)).getNullable()).isTrue();
            assertThat(models.get(name).getProperties().containsKey(null)).isFalse();
        }
        assertThat(member("Customer", "owner_id").getNullable()).isTrue();
        assertThat(member("Customer", "name").getNullable()).isNull();
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
