package com.lealup.http.playbook;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.notification.NotificationWebhook;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.callbacks.Callback;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a {@code notify} action with channel {@code webhook} POSTs to its target, in the OpenAPI document: the
 * {@code PlaybookNotification} schema and a callback of {@code POST /v1/playbooks} (docs/integrations.md, "Webhooks
 * and their signature"). The subscriptions' deliveries are another body, {@code WebhookEvent}.
 */
@Configuration(proxyBeanMethods = false)
class PlaybookNotificationsOpenApi {

    private static final String SCHEMA = "PlaybookNotification";

    @Bean
    GlobalOpenApiCustomizer playbookNotifications() {
        return openApi -> {
            ObjectSchema data = new ObjectSchema();
            data.description("The run that matched; snapshot holds the values its condition read");
            data.addProperty("playbook_id", new StringSchema());
            data.addProperty("playbook_name", new StringSchema());
            data.addProperty("run_id", new StringSchema());
            data.addProperty("customer_id", new StringSchema());
            data.addProperty("matched_at", new StringSchema().format("date-time"));
            data.addProperty("snapshot", new ObjectSchema());
            data.addProperty("text", new StringSchema().description("The action's message"));
            ObjectSchema body = new ObjectSchema();
            body.description("""
                    The JSON body a notify action with channel webhook POSTs to its target, with the headers \
                    webhook-id (the id below, the same on every attempt), webhook-timestamp (unix seconds of the \
                    attempt) and webhook-signature ("v1,<base64 HMAC-SHA256 of id.timestamp.body>", keyed by the \
                    workspace's notification signing secret: GET /v1/integrations/notification-signing-secret). \
                    Answer 2xx; anything else is retried. See docs/integrations.md.""");
            body.addProperty("id", new StringSchema().description("The notification id, as in webhook-id"));
            body.addProperty("type", new StringSchema()._enum(List.of(NotificationWebhook.TYPE)));
            body.addProperty("created_at", new StringSchema().format("date-time")
                    .description("When the notification was requested"));
            body.addProperty("workspace_id", new StringSchema().description("Equals customers' tenant_id"));
            body.addProperty("data", data);
            body.required(List.of("id", "type", "created_at", "workspace_id", "data"));
            // set, not example(): ObjectSchema.example would take the node for its text
            body.setExample(example());
            openApi.getComponents().addSchemas(SCHEMA, body);
            openApi.getPaths().get("/v1/playbooks").getPost().addCallback("notification", new Callback().addPathItem(
                    "{$request.body#/actions/0/target}", new PathItem().post(notification())));
        };
    }

    /** A notification as WebhookChannel writes it: a run's data (PlaybookRun's example) and its text. */
    private static ObjectNode example() {
        ObjectNode notification = JsonNodeFactory.instance.objectNode().put("id", "ntf_01JD3KFA6G7H8J9K0M1N2P3Q4R")
                .put("type", NotificationWebhook.TYPE).put("created_at", "2026-11-30T08:00:00.318204Z")
                .put("workspace_id", "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X");
        ObjectNode data = notification.putObject("data").put("playbook_id", "pbk_01JD3K7A8B9C0D1E2F3G4H5J6K")
                .put("playbook_name", "Rescue at-risk enterprise accounts")
                .put("run_id", "run_01JD3K8A9B0C1D2E3F4G5H6J7K").put("customer_id", "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P")
                .put("matched_at", "2026-11-30T07:59:59.204518Z");
        data.putObject("snapshot").put("health_score", 54).put("segment", "Enterprise");
        data.put("text", "Playbook 'Rescue at-risk enterprise accounts' matched customer "
                + "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P");
        return notification;
    }

    private static Operation notification() {
        return new Operation().operationId("receivePlaybookNotification").addTagsItem("Playbooks")
                .summary("What a notify action's webhook target receives")
                .description("One POST per notification of a notify action with channel webhook (the target of "
                        + "each such action, not only the first), signed as Standard Webhooks says; retried with "
                        + "back-off while it fails.")
                .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)))))
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse()
                        .description("Any 2xx delivers the notification; anything else is retried")));
    }
}
