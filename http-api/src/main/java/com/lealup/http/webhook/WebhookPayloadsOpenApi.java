package com.lealup.http.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.webhook.WebhookEventTypes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.callbacks.Callback;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the receivers of webhooks get, in the OpenAPI document: the {@code WebhookEvent} schema (the body of every
 * delivery, and its headers in the description) and one example per catalogue type, {@code
 * components.examples["webhook.<type>"]}, read from {@code webhooks/payload-examples.json} (docs/webhooks.md shows the
 * same ones), and a delivery as a callback of {@code POST /v1/webhook-subscriptions}; and the replay's example.
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
                    of the attempt), webhook-signature ("v1,<base64 HMAC-SHA256 of id.timestamp.body>", one per \
                    secret, space-separated: a secret rotated out signs for 24 h after its rotation), \
                    webhook-replay: true on a replay, and a \
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
            subscribing(openApi).addCallback("delivery", new Callback().addPathItem("{$request.body#/url}",
                    new PathItem().post(delivery(examples))));
        };
    }

    /** The operation that creates a subscription: its callback is what the subscribed URL receives. */
    private static Operation subscribing(OpenAPI openApi) {
        return openApi.getPaths().get(WebhookSubscriptionController.PATH).getPost();
    }

    /** A delivery as an OpenAPI 3.0 callback of the subscription: the WebhookEvent body, one example per type. */
    private static Operation delivery(Map<String, Object> examples) {
        MediaType json = new MediaType().schema(new Schema<>().$ref("#/components/schemas/WebhookEvent"));
        examples.keySet().forEach(name -> json.addExamples(name, new Example().$ref("#/components/examples/webhook." + name)));
        return new Operation().operationId("receiveWebhookEvent").addTagsItem("Webhooks")
                .summary("What the subscribed URL receives")
                .description("One POST per event of the subscription's types, signed as Standard Webhooks says "
                        + "(docs/webhooks.md): in order per subscription, retried with back-off for 24 h.")
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json", json)))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                        .description("Any 2xx within 10 s acknowledges the delivery; anything else is retried")));
    }

    /**
     * The example of {@code POST …/replay}: 08:00 UTC the day before the document is built (once, at its first
     * serving), so that it stays within the 30 days a replay may go back, where any fixed date would leave them.
     */
    @Bean
    GlobalOpenApiCustomizer replayExample(Clock clock) {
        return openApi -> {
            String since = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(16)).toString();
            Schema<?> request = openApi.getComponents().getSchemas().get("ReplayRequest");
            request.example(Map.of("since", since));
            request.getProperties().get("since").example(since);
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
