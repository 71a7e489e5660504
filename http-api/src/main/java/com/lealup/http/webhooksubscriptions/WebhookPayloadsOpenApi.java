package com.lealup.http.webhooksubscriptions;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.webhook.WebhookEventTypes;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the receivers of webhooks get, in the OpenAPI document: the {@code WebhookEvent} schema (the body of every
 * delivery, and its headers in the description) and one example per catalogue type, {@code
 * components.examples["webhook.<type>"]}, read from {@code webhooks/payload-examples.json} (docs/webhooks.md shows the
 * same ones).
 */
@Configuration(proxyBeanMethods = false)
class WebhookPayloadsOpenApi {

    static final String EXAMPLES = "/webhooks/payload-examples.json";

    @Bean
    GlobalOpenApiCustomizer webhookPayloads(ObjectMapper objectMapper) {
        Map<String, Object> examples = examples(objectMapper);
        return openApi -> {
            ObjectSchema event = new ObjectSchema();
            event.description("""
                    The JSON body of every webhook delivery (Standard Webhooks): POSTed with the headers \
                    webhook-id (the id below, the same on every attempt and replay), webhook-timestamp (unix seconds \
                    of the attempt), webhook-signature ("v1,<base64 HMAC-SHA256 of id.timestamp.body>", two \
                    space-separated during 24 h after a secret rotation), webhook-replay: true on a replay, and a \
                    User-Agent naming LealUp. Answer 2xx within 10 s; anything else is retried. Examples: \
                    components.examples["webhook.<type>"]. See docs/webhooks.md.""");
            event.addProperty("id", new StringSchema().description("The message id, as in webhook-id")
                    .example("msg_0f8e2b7c4a6d4e1f9b3c5d7e9f1a2b3c"));
            StringSchema type = new StringSchema();
            WebhookEventTypes.CATALOGUE.forEach(type::addEnumItem);
            event.addProperty("type", type);
            event.addProperty("created_at", new StringSchema().format("date-time")
                    .description("When the event happened"));
            event.addProperty("workspace_id", new StringSchema().description("Equals customers' tenant_id"));
            event.addProperty("data", new ObjectSchema().description("The event's data; its fields per type are in "
                    + "the examples"));
            event.required(java.util.List.of("id", "type", "created_at", "workspace_id", "data"));
            openApi.getComponents().addSchemas("WebhookEvent", event);
            examples.forEach((name, value) -> openApi.getComponents().addExamples("webhook." + name,
                    new Example().summary("A " + name + " delivery").value(value)));
        };
    }

    private static Map<String, Object> examples(ObjectMapper objectMapper) {
        try (InputStream in = WebhookPayloadsOpenApi.class.getResourceAsStream(EXAMPLES)) {
            Map<String, Object> examples = objectMapper.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() {
            });
            if (!examples.keySet().containsAll(WebhookEventTypes.CATALOGUE)) {
                throw new IllegalStateException(EXAMPLES + " lacks an example of a catalogue type");
            }
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
