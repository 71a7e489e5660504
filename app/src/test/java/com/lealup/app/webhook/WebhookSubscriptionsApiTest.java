package com.lealup.app.webhook;

import static com.lealup.app.support.Problems.assertFieldErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Call;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.app.webhook.WebhookReceiver.Received;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhook subscriptions over real HTTP, delivering to a local receiver (127.0.0.1 is allow-listed in the API tests):
 * the resource and its refusals, signatures checked as a receiver checks them, order under retries and outages,
 * one failing endpoint holding back only its own queue, the 24 h and 5 day rules on the test clock, rotation and
 * replay.
 */
class WebhookSubscriptionsApiTest extends ApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String PATH = "/v1/webhook-subscriptions";

    @Autowired
    private JdbcClient jdbc;

    private Workspace ws;
    private WebhookReceiver receiver;

    @BeforeEach
    void workspaceAndReceiver() {
        ws = newWorkspace();
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        clock.reset();
    }

    @Test
    void aSubscriptionIsCreatedWithItsSecretOnceListedReadAndDeleted() {
        Response created = subscribe(receiver.url(), List.of("customer.created", "task.created"), "CRM sync");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.path("id").asText();
        assertThat(id).startsWith("whk_");
        assertThat(created.header("Location")).isEqualTo(PATH + "/" + id);
        assertThat(created.header("Cache-Control")).contains("no-store");
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(body.path("secret").asText()).startsWith("whsec_");
        assertThat(java.util.Base64.getDecoder().decode(body.path("secret").asText().substring(6))).hasSize(32);
        assertThat(body.path("tenant_id").asText()).isEqualTo(ws.id());
        assertThat(body.path("status").asText()).isEqualTo("enabled");
        assertThat(body.path("events").toString()).isEqualTo("[\"customer.created\",\"task.created\"]");

        Response one = http().get(PATH + "/" + id).token(ws.token()).send();
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().has("secret")).isFalse();
        assertThat(one.json().path("description").asText()).isEqualTo("CRM sync");
        Response list = http().get(PATH).token(ws.token()).send();
        assertThat(list.json().path("data")).hasSize(1);
        assertThat(list.json().path("data").get(0).has("secret")).isFalse();

        assertThat(http().delete(PATH + "/" + id).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().get(PATH + "/" + id).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().delete(PATH + "/" + id).token(ws.token()).send().status()).isEqualTo(404);
        assertThat(http().get(PATH).token(ws.token()).send().json().path("data")).isEmpty();
    }

    /** One rule for a subscription's URL and a playbook's webhook target: blanks around ignored, any scheme case. */
    @Test
    void aUrlIsTakenAsAPlaybooksWebhookTargetIs() {
        String upperScheme = "HTTP" + receiver.url().substring("http".length());
        for (String url : List.of("  " + receiver.url() + "/x  ", upperScheme + "/x")) {
            Response created = subscribe(url, List.of("*"), null);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().path("url").asText()).isEqualTo(url.trim());
            Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Tell the hook",
                    "trigger", Map.of("type", "event", "event_type", "login"),
                    "actions", List.of(Map.of("type", "notify", "channel", "webhook", "target", url)))).send();
            assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);
            assertThat(playbook.json().path("actions").get(0).path("target").asText()).isEqualTo(url.trim());
        }
    }

    @Test
    void aBodyWithSeveralBadFieldsNamesEveryOne() {
        assertFieldErrors(subscribe("ftp://files.example.com/x", List.of("nope", "customer.created", "no"),
                "x".repeat(501)), "url invalid_url", "events[0] unknown_value", "events[2] unknown_value",
                "description too_long");
        assertFieldErrors(http().post(PATH).token(ws.token()).json(Map.of()).send(), "url required", "events required");
    }

    @Test
    void badInputIs400NamingTheField() {
        assertInvalid(http().post(PATH).token(ws.token()).json(Map.of("events", List.of("*"))).send(), "url");
        assertInvalid(subscribe("ftp://files.example.com/x", List.of("*"), null), "url");
        assertInvalid(subscribe("not a url", List.of("*"), null), "url");
        assertInvalid(subscribe("https://user:pw@127.0.0.1/x", List.of("*"), null), "url");
        // a port no connection can go to: refused here, not left pending for ever
        assertInvalid(subscribe("http://127.0.0.1:99999/x", List.of("*"), null), "url");
        assertInvalid(subscribe("http://127.0.0.1:0/x", List.of("*"), null), "url");
        assertInvalid(subscribe(receiver.url(), List.of(), null), "events");
        assertInvalid(subscribe(receiver.url(), List.of("customer.created", "customer.exploded"), null), "events[1]");
        assertInvalid(subscribe(receiver.url(), List.of("*"), "x".repeat(501)), "description");
        assertFieldErrors(subscribe(receiver.url(), List.of("*"), " \t\n\u3000"), "description required");
        // the fields are checked before the URL's address: a bad field is 400 even with an internal URL
        assertInvalid(subscribe("http://10.0.0.1/x", List.of(), null), "events");
        assertInvalid(subscribe("http://10.0.0.1/x", List.of("*"), "x".repeat(501)), "description");
        assertInvalid(http().post(PATH).token(ws.token()).json(Map.of("url", receiver.url(), "events", "*")).send(),
                "events");
        assertInvalid(http().post(PATH).token(ws.token())
                .json(Map.of("url", receiver.url(), "events", List.of("*"), "secret", "mine")).send(), "secret");
        assertThat(http().post(PATH).token(ws.token()).rawBody("url=x", "text/plain").send().status()).isEqualTo(415);
        assertThat(http().get(PATH + "?limit=201").token(ws.token()).send().status()).isEqualTo(400);
        assertThat(http().get(PATH + "?cursor=nonsense").token(ws.token()).send().status()).isEqualTo(400);
    }

    @Test
    void internalAddressesAreRefusedWith422InEveryForm() {
        for (String url : List.of("http://10.0.0.1/h", "http://192.168.1.20/h", "http://172.16.0.1/h",
                "http://169.254.169.254/latest/meta-data", "http://100.64.0.1/h", "http://0.0.0.0/h",
                "http://[::1]/h", "http://[fd00::1]/h", "http://[fe80::1]/h", "http://[::ffff:10.0.0.1]/h",
                "http://167772161/h", "http://0x0a000001/h", "http://[::ffff:169.254.169.254]/h")) {
            Response refused = subscribe(url, List.of("*"), null);
            assertThat(refused.status()).as(url + " " + refused).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("url");
            assertThat(refused.json().path("errors").get(0).path("code").asText()).as(url)
                    .isIn("url_not_allowed", "url_unresolvable");
        }
        // the allow-list of this server names 127.0.0.1
        assertThat(subscribe(receiver.url(), List.of("*"), null).status()).isEqualTo(201);
    }

    @Test
    void anIpv6AddressThatCarriesAnInternalIpv4AddressIsRefusedWith422() {
        // NAT64 (64:ff9b::/96): behind a DNS64/NAT64 gateway, 64:ff9b::a00:1 is 10.0.0.1
        for (String url : List.of("http://[64:ff9b::a00:1]/h", "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
                "http://[64:ff9b:1::a00:1]/h", "http://[::a00:1]/h", "http://[2002:a9fe:a9fe::]/h",
                "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/h")) {
            Response refused = subscribe(url, List.of("*"), null);
            assertThat(refused.status()).as(url + " " + refused).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("url");
            assertThat(refused.json().path("errors").get(0).path("code").asText()).isEqualTo("url_not_allowed");
        }
        // a number with a leading zero reads as octal (127.0.0.1) or decimal (177.0.0.1): refused as ambiguous
        Response ambiguous = subscribe("http://0177.0.0.1/h", List.of("*"), null);
        assertInvalid(ambiguous, "url");
        assertThat(ambiguous.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_url");
        // a right-to-left override shows "https://hooks.example.com/invoiceexe.pdf": refused (RFC 3987, 4.1)
        Response reordered = subscribe("https://hooks.example.com/invoice\u202Efdp.exe", List.of("*"), null);
        assertInvalid(reordered, "url");
        assertThat(reordered.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_url");
    }

    @Test
    void rightsAndOtherWorkspaces() {
        String id = subscribe(receiver.url(), List.of("*"), null).json().path("id").asText();
        assertThat(http().get(PATH).send().status()).isEqualTo(401);
        assertThat(http().get(PATH).token("lk_unknown").send().status()).isEqualTo(401);

        String readOnly = key(List.of("webhooks:read"));
        assertThat(http().get(PATH + "/" + id).token(readOnly).send().status()).isEqualTo(200);
        assertThat(subscribe(readOnly, receiver.url(), List.of("*")).status()).isEqualTo(403);
        assertThat(http().delete(PATH + "/" + id).token(readOnly).send().status()).isEqualTo(403);
        String customersOnly = key(List.of("customers:read"));
        assertThat(http().get(PATH).token(customersOnly).send().status()).isEqualTo(403);
        assertThat(http().get(PATH + "/" + id + "/deliveries").token(customersOnly).send().status()).isEqualTo(403);

        Workspace stranger = newWorkspace();
        String nowhere = "whk_01JD3ZZZZZZZZZZZZZZZZZZZZZ";
        for (String path : List.of("", "/deliveries")) {
            Response elsewhere = http().get(PATH + "/" + id + path).token(stranger.token()).send();
            Response missing = http().get(PATH + "/" + nowhere + path).token(stranger.token()).send();
            assertThat(elsewhere.status()).isEqualTo(404);
            assertThat(elsewhere.json().path("detail").asText().replace(id, "ID"))
                    .isEqualTo(missing.json().path("detail").asText().replace(nowhere, "ID"));
        }
        for (String action : List.of("/rotate-secret", "/enable")) {
            assertThat(http().post(PATH + "/" + id + action).token(stranger.token()).send().status()).isEqualTo(404);
        }
        assertThat(http().post(PATH + "/" + id + "/replay").token(stranger.token())
                .json(Map.of("since", Instant.now().minusSeconds(60).toString())).send().status()).isEqualTo(404);
        assertThat(http().delete(PATH + "/" + id).token(stranger.token()).send().status()).isEqualTo(404);
        assertThat(http().get(PATH).token(stranger.token()).send().json().path("data")).isEmpty();
    }

    @Test
    void aChangedUrlGetsTheNextEventSignedWithTheSameSecret() {
        JsonNode subscription = subscribe(receiver.url(), List.of("customer.created"), "CRM").json();
        String id = subscription.path("id").asText();
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(subscription.path("secret").asText());
        createCustomer("Acme");
        receiver.await(1, WAIT);

        try (WebhookReceiver moved = new WebhookReceiver()) {
            Response changed = patch(id, Map.of("url", "  " + moved.url() + "/v2 ")).header("If-Match", "\"1\"").send();

            assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
            assertThat(changed.header("ETag")).isEqualTo("\"2\"");
            JsonNode body = changed.json();
            assertThat(body.path("id").asText()).isEqualTo(id);
            assertThat(body.path("url").asText()).isEqualTo(moved.url() + "/v2");
            assertThat(body.path("events").toString()).isEqualTo("[\"customer.created\"]");
            assertThat(body.path("description").asText()).isEqualTo("CRM");
            assertThat(body.path("version").asLong()).isEqualTo(2);
            assertThat(body.has("secret")).isFalse();
            assertThat(Instant.parse(body.path("updated_at").asText()))
                    .isAfter(Instant.parse(body.path("created_at").asText()));
            Response one = http().get(PATH + "/" + id).token(ws.token()).send();
            assertThat(one.header("ETag")).isEqualTo("\"2\"");
            assertThat(one.json().path("url").asText()).isEqualTo(moved.url() + "/v2");
            assertThat(http().get(PATH).token(ws.token()).send().json().path("data").get(0).path("url").asText())
                    .isEqualTo(moved.url() + "/v2");

            createCustomer("Globex");
            Received message = moved.await(1, WAIT).get(0);
            assertThat(message.target()).endsWith("/v2");
            assertThat(message.json().path("data").path("name").asText()).isEqualTo("Globex");
            assertThat(verifier.verify(message.body(), message.headers(), clock.instant())).isTrue();
            awaitProcessorsCaughtUp();
            assertThat(receiver.received()).hasSize(1);
        }
    }

    @Test
    void changedEventTypesRouteTheEventsAfterTheChange() {
        String id = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();

        Response changed = patch(id, Map.of("events", List.of("task.created"), "description", "Tasks")).send();
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().path("events").toString()).isEqualTo("[\"task.created\"]");
        assertThat(changed.json().path("description").asText()).isEqualTo("Tasks");
        assertThat(changed.json().path("url").asText()).isEqualTo(receiver.url());

        String customer = createCustomer("Initech");
        Response task = http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", customer, "title",
                "Call", "due_date", "2027-01-15", "priority", "high")).send();
        assertThat(task.status()).isEqualTo(201);

        Received message = receiver.await(1, WAIT).get(0);
        assertThat(message.json().path("type").asText()).isEqualTo("task.created");
        awaitProcessorsCaughtUp();
        assertThat(receiver.received()).extracting(r -> r.json().path("type").asText()).containsExactly("task.created");
    }

    @Test
    void aPatchIsConditionalAndOneThatChangesNothingKeepsTheVersion() {
        Response created = subscribe(receiver.url(), List.of("customer.created", "task.created"), "\u00A0CRM\n ");
        assertThat(created.json().path("description").asText()).isEqualTo("CRM");
        String id = created.json().path("id").asText();

        for (Map<String, Object> same : List.of(Map.<String, Object>of(), Map.<String, Object>of("url", receiver.url(),
                "events", List.of("customer.created", "task.created", "task.created"), "description", " CRM\t"))) {
            Response unchanged = patch(id, same).header("If-Match", "\"1\"").send();
            assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(200);
            assertThat(unchanged.header("ETag")).isEqualTo("\"1\"");
            assertThat(unchanged.json().path("version").asLong()).isEqualTo(1);
        }

        Map<String, Object> clear = new HashMap<>();
        clear.put("description", null);
        Response cleared = patch(id, clear).header("If-Match", "\"1\"").send();
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.header("ETag")).isEqualTo("\"2\"");
        assertThat(cleared.json().path("description").isNull()).isTrue();

        Response stale = patch(id, Map.of("description", "Again")).header("If-Match", "\"1\"").send();
        assertThat(stale.status()).as(stale.toString()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(patch(id, Map.of("description", "Again")).header("If-Match", "\"0\", \"1\"").send().status())
                .isEqualTo(412);
        Response listed = patch(id, Map.of("description", "Again")).header("If-Match", "\"1\", \"2\"").send();
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.header("ETag")).isEqualTo("\"3\"");
        assertThat(listed.json().path("description").asText()).isEqualTo("Again");
    }

    @Test
    void aPatchIsRefusedAsACreationIsAndChangesNothing() {
        String id = subscribe(receiver.url(), List.of("*"), "CRM").json().path("id").asText();
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("url", null);
        nulls.put("events", null);

        assertFieldErrors(patch(id, nulls).send(), "events not_nullable", "url not_nullable");
        assertFieldErrors(patch(id, Map.of("url", "ftp://files.example.com/x", "events", List.of("*", "nope"),
                "description", "x".repeat(501))).send(), "url invalid_url", "events[1] unknown_value",
                "description too_long");
        assertInvalid(patch(id, Map.of("events", List.of())).send(), "events");
        assertInvalid(patch(id, Map.of("url", 5)).send(), "url");
        assertInvalid(patch(id, Map.of("events", "*")).send(), "events");
        assertInvalid(patch(id, "{\"events\": [null]}").send(), "events[0]");
        assertInvalid(patch(id, Map.of("secret", "mine")).send(), "secret");
        assertFieldErrors(patch(id, Map.of("description", "  ")).send(), "description required");
        assertInvalid(patch(id, "{\"description\": \"a\\u0000b\"}").send(), "description");
        assertInvalid(patch(id, "{\"description\": \"a\\ud800\"}").send(), "description");
        assertInvalid(patch(id, Map.of("url", "https://hooks.example.com/invoice\u202Efdp.exe")).send(), "url");
        assertThat(http().patch(PATH + "/" + id).token(ws.token()).rawBody("url=x", "text/plain").send().status())
                .isEqualTo(415);
        for (String internal : List.of("http://10.0.0.1/x", "http://[::1]/x")) {
            Response refused = patch(id, Map.of("url", internal)).send();
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(refused.json().path("errors").get(0).path("field").asText()).isEqualTo("url");
            assertThat(refused.json().path("errors").get(0).path("code").asText()).isEqualTo("url_not_allowed");
        }

        Response unchanged = http().get(PATH + "/" + id).token(ws.token()).send();
        assertThat(unchanged.header("ETag")).isEqualTo("\"1\"");
        assertThat(unchanged.json().path("url").asText()).isEqualTo(receiver.url());
    }

    @Test
    void aPatchNeedsWebhooksWriteAndFindsNoOtherWorkspacesSubscription() {
        String id = subscribe(receiver.url(), List.of("*"), null).json().path("id").asText();
        Map<String, Object> change = Map.of("description", "Mine now");

        for (String lacking : List.of(key(List.of("webhooks:read")), key(List.of("customers:write")))) {
            assertThat(http().patch(PATH + "/" + id).token(lacking).json(change).send().status()).isEqualTo(403);
        }
        String viewer = http().post("/v1/api-keys").token(ws.token()).json(Map.of("name", "v", "role", "viewer",
                "scopes", List.of("admin:*"))).send().json().path("secret").asText();
        assertThat(http().patch(PATH + "/" + id).token(viewer).json(change).send().status()).isEqualTo(403);

        Workspace stranger = newWorkspace();
        String nowhere = "whk_01JD3ZZZZZZZZZZZZZZZZZZZZZ";
        Response elsewhere = http().patch(PATH + "/" + id).token(stranger.token()).json(change).send();
        Response missing = http().patch(PATH + "/" + nowhere).token(stranger.token()).json(change).send();
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(elsewhere.json().path("detail").asText().replace(id, "ID"))
                .isEqualTo(missing.json().path("detail").asText().replace(nowhere, "ID"));
        assertThat(http().patch(PATH + "/" + id).token(stranger.token()).header("If-Match", "\"1\", \"2\"")
                .json(change).send().status()).isEqualTo(404);
        assertThat(http().get(PATH + "/" + id).token(ws.token()).send().json().path("description").isNull()).isTrue();

        assertThat(http().delete(PATH + "/" + id).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(patch(id, change).send().status()).isEqualTo(404);
    }

    @Test
    void eventsArriveSignedInOrderWithTheirPayloads() {
        JsonNode subscription = subscribe(receiver.url(), List.of("*"), null).json();
        StandardWebhooksVerifier verifier = new StandardWebhooksVerifier(subscription.path("secret").asText());

        String customer = createCustomer("Acme");
        assertThat(http().patch("/v1/customers/" + customer).token(ws.token()).json(Map.of("arr", 1200)).send()
                .status()).isEqualTo(200);
        assertThat(http().delete("/v1/customers/" + customer).token(ws.token()).send().status()).isEqualTo(204);
        assertThat(http().post("/v1/customers/" + customer + "/restore").token(ws.token()).send().status())
                .isEqualTo(200);

        List<Received> received = receiver.await(4, WAIT);
        assertThat(received).extracting(r -> r.json().path("type").asText())
                .containsExactly("customer.created", "customer.updated", "customer.deleted", "customer.restored");
        for (Received message : received) {
            assertThat(verifier.verify(message.body(), message.headers(), clock.instant())).as(message.body()).isTrue();
            assertThat(message.header("webhook-id")).isEqualTo(message.json().path("id").asText()).startsWith("msg_");
            assertThat(message.header("user-agent")).startsWith("LealUp-Webhooks/");
            assertThat(message.header("content-type")).startsWith("application/json");
            assertThat(message.json().path("workspace_id").asText()).isEqualTo(ws.id());
            assertThat(message.json().path("data").path("customer_id").asText()).isEqualTo(customer);
            assertThat(message.header("webhook-replay")).isNull();
        }
        assertThat(verifier.verify(received.get(0).body().replace("Acme", "Acne"), received.get(0).headers(),
                clock.instant())).isFalse();
        JsonNode created = received.get(0).json().path("data");
        assertThat(created.path("name").asText()).isEqualTo("Acme");
        assertThat(created.path("email_domain").asText()).startsWith("acme-").endsWith(".com");
        assertThat(created.path("status").asText()).isEqualTo("active");
        // its times as the API shows them, to the microsecond, not the events' nanoseconds (an exact half may round
        // the other way: PostgreSQL rounds it to even)
        assertMicroseconds(created.path("created_at").asText(),
                http().get("/v1/customers/" + customer).token(ws.token()).send().json().path("created_at").asText());
        assertMicroseconds(received.get(1).json().path("data").path("updated_at").asText(),
                http().get("/v1/customers/" + customer + "/history").token(ws.token()).send().json()
                        .path("data").get(1).path("occurred_at").asText());
        assertThat(received.get(1).json().path("data").path("changes").path("arr").decimalValue()).isEqualByComparingTo("1200");

        assertDocumented(received);

        awaitDelivery(subscription.path("id").asText(), d -> d.path("event_type").asText().equals("customer.restored")
                && d.path("status").asText().equals("delivered"));
        JsonNode deliveries = deliveries(subscription.path("id").asText());
        assertThat(deliveries).hasSize(4);
        assertThat(deliveries.get(0).path("event_type").asText()).isEqualTo("customer.restored");
        for (JsonNode delivery : deliveries) {
            assertThat(delivery.path("status").asText()).isEqualTo("delivered");
            assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
            assertThat(delivery.path("last_status").asInt()).isEqualTo(204);
        }
    }

    @Test
    void theDeliveriesCursorShowsNoPositionAndServesOnlyItsSubscription() throws IOException {
        String subscription = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        String other = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        for (String name : List.of("Acme", "Globex", "Initech")) {
            createCustomer(name);
        }
        receiver.await(6, WAIT);
        JsonNode all = deliveries(subscription);
        assertThat(all).hasSize(3);

        Response first = http().get(PATH + "/" + subscription + "/deliveries?limit=2").token(ws.token()).send();
        String cursor = first.json().path("next_cursor").asText();
        // the deliveries' order is numbered across workspaces: a readable number would count other tenants' deliveries
        JsonNode position = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(cursor));
        assertThat(position.fieldNames()).toIterable().containsExactly("before");
        assertThat(position.path("before").asText()).doesNotContainPattern("^[0-9]+$").hasSizeGreaterThan(40);
        Response second = http().get(PATH + "/" + subscription + "/deliveries?limit=2&cursor=" + cursor)
                .token(ws.token()).send();
        assertThat(second.json().path("has_more").asBoolean()).isFalse();
        List<String> paged = new ArrayList<>();
        first.json().path("data").forEach(d -> paged.add(d.path("message_id").asText()));
        second.json().path("data").forEach(d -> paged.add(d.path("message_id").asText()));
        List<String> listed = new ArrayList<>();
        all.forEach(d -> listed.add(d.path("message_id").asText()));
        assertThat(paged).isEqualTo(listed);

        Response elsewhere = http().get(PATH + "/" + other + "/deliveries?cursor=" + cursor).token(ws.token()).send();
        assertThat(elsewhere.status()).isEqualTo(400);
        assertThat(elsewhere.json().path("errors").get(0).path("code").asText()).isEqualTo("invalid_cursor");
        String sealed = position.path("before").asText();
        String tampered = (sealed.charAt(0) == 'A' ? "B" : "A") + sealed.substring(1);
        for (String forged : List.of("{\"position\": \"1\"}", "{\"before\": \"1\"}",
                "{\"before\": \"" + tampered + "\"}")) {
            String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8));
            assertThat(http().get(PATH + "/" + subscription + "/deliveries?cursor=" + encoded).token(ws.token()).send()
                    .status()).as(forged).isEqualTo(400);
        }
    }

    /** GDPR Art. 19: a receiver that got the customer's data hears of its erasure, which carries none. */
    @Test
    void anErasureGoesOutWithoutPersonalData() {
        subscribe(receiver.url(), List.of("customer.erased"), null);
        String customer = createCustomer("Erin Forgetme");

        assertThat(http().delete("/v1/customers/" + customer + "?hard=true").token(ws.token()).send().status())
                .isEqualTo(204);

        List<Received> received = receiver.await(1, WAIT);
        JsonNode data = received.get(0).json().path("data");
        assertThat(received.get(0).json().path("type").asText()).isEqualTo("customer.erased");
        assertThat(data.path("customer_id").asText()).isEqualTo(customer);
        assertThat(data.path("reason").asText()).isEqualTo("request");
        assertThat(received.get(0).body()).doesNotContain("Erin", "forgetme");
        assertDocumented(received);
    }

    @Test
    void onlyTheTypesAskedForAreDelivered() {
        subscribe(receiver.url(), List.of("task.created"), null);
        String customer = createCustomer("Globex");
        Response task = http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", customer, "title",
                "Call", "due_date", "2027-01-15", "priority", "high")).send();
        assertThat(task.status()).isEqualTo(201);

        Received message = receiver.await(1, WAIT).get(0);
        assertThat(message.json().path("type").asText()).isEqualTo("task.created");
        assertThat(message.json().path("data").path("task_id").asText()).isEqualTo(task.json().path("id").asText());
        assertDocumented(List.of(message));
        awaitProcessorsCaughtUp();
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void aUrlWithCharactersBeyondAsciiIsCalledWithThemInUtf8PercentEncoded() {
        // an IRI: the request line is ASCII, so each such character goes as its UTF-8 bytes (RFC 3987, 3.1)
        subscribe(receiver.url() + "/İ-ÿ/\uD83D\uDE00?q=é&r=%41", List.of("task.created"), null);
        String customer = createCustomer("Initech");
        assertThat(http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", customer, "title", "Call"))
                .send().status()).isEqualTo(201);

        assertThat(receiver.await(1, WAIT).get(0).target())
                .isEqualTo("/hook/%C4%B0-%C3%BF/%F0%9F%98%80?q=%C3%A9&r=%41");
    }

    @Test
    void aFinishedImportGoesOutWithItsCounts() {
        subscribe(receiver.url(), List.of("import.completed"), null);
        Response started = http().post("/v1/customers/bulk-import").token(ws.token()).json(Map.of("customers", List.of(
                Map.of("name", "Umbrella", "email_domain", "umbrella-" + System.nanoTime() + ".com", "status", "active"),
                Map.of("name", "Broken", "email_domain", "broken-" + System.nanoTime() + ".com", "arr", -5)))).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(202);

        Received message = receiver.await(1, WAIT).get(0);
        assertThat(message.json().path("type").asText()).isEqualTo("import.completed");
        JsonNode data = message.json().path("data");
        assertThat(data.path("job_id").asText()).isEqualTo(started.json().path("job_id").asText());
        assertThat(data.path("total").asInt()).isEqualTo(2);
        assertThat(data.path("created").asInt()).isEqualTo(1);
        assertThat(data.path("failed").asInt()).isEqualTo(1);
        assertDocumented(List.of(message));
    }

    /** Each payload has the fields of its example in the OpenAPI document (and docs/webhooks.md), no more, no less. */
    private void assertDocumented(List<Received> messages) {
        JsonNode examples = http().get("/v1/openapi.json").send().json().path("components").path("examples");
        for (Received message : messages) {
            String type = message.json().path("type").asText();
            JsonNode example = examples.path("webhook." + type).path("value");
            assertThat(fieldNames(message.json())).as(type).isEqualTo(fieldNames(example));
            assertThat(fieldNames(message.json().path("data"))).as(type + " data")
                    .isEqualTo(fieldNames(example.path("data")));
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void playbooksAndHealthScoresGoOutToo() {
        subscribe(receiver.url(), List.of("playbook.triggered", "customer.health_changed"), null);
        Response playbook = http().post("/v1/playbooks").token(ws.token()).json(Map.of("name", "Big ones",
                "enabled", true, "trigger", Map.of("type", "condition", "expression", "arr > 1000"),
                "actions", List.of(Map.of("type", "set_custom_field", "key", "big", "value", true)))).send();
        assertThat(playbook.status()).as(playbook.toString()).isEqualTo(201);
        Response created = http().post("/v1/customers").token(ws.token()).json(Map.of("name", "Initech",
                "email_domain", "initech-" + System.nanoTime() + ".com", "arr", 5000,
                "custom_fields", Map.of("seats", 10))).send();
        String customer = created.json().path("id").asText();
        List<Map<String, Object>> logins = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            logins.add(Map.of("type", "login", "customer_id", customer, "timestamp",
                    clock.instant().minus(Duration.ofHours(1)).toString(), "properties", Map.of()));
        }
        assertThat(http().post("/v1/events").token(ws.token()).json(Map.of("events", logins)).send().status())
                .isEqualTo(202);

        Received triggered = receiver.await(1, r -> r.body().contains("\"playbook.triggered\""), WAIT).get(0);
        assertThat(triggered.json().path("data").path("playbook_id").asText())
                .isEqualTo(playbook.json().path("id").asText());
        assertThat(triggered.json().path("data").path("customer_id").asText()).isEqualTo(customer);
        Received health = receiver.await(1, r -> r.body().contains("\"customer.health_changed\""), WAIT).get(0);
        assertThat(health.json().path("data").path("customer_id").asText()).isEqualTo(customer);
        assertThat(health.json().path("data").path("score").isInt()).isTrue();
        assertThat(health.json().path("data").path("previous_score").isNull()).isTrue();
        assertDocumented(List.of(triggered, health));
    }

    @Test
    void retriesKeepTheOrderAndARedirectIsNotFollowed() {
        receiver.answer(500, 2);
        receiver.answer(new WebhookReceiver.Answer(302, Map.of("Location", receiver.url() + "/followed")));
        String subscription = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            customers.add(createCustomer("Order " + i));
        }

        List<Received> received = receiver.await(7, WAIT);
        List<String> order = received.stream().map(r -> r.json().path("data").path("customer_id").asText()).toList();
        assertThat(order).containsExactly(customers.get(0), customers.get(0), customers.get(0), customers.get(0),
                customers.get(1), customers.get(2), customers.get(3));
        assertThat(received.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(4);
        assertThat(received).noneMatch(r -> r.body().isEmpty());
        // recorded once its batch is done
        JsonNode first = awaitDelivery(subscription, d -> d.path("message_id").asText()
                .equals(received.get(0).header("webhook-id")) && d.path("status").asText().equals("delivered"));
        assertThat(first.path("attempts").asInt()).isEqualTo(4);
        assertThat(first.path("last_status").asInt()).isEqualTo(204);
    }

    @Test
    void aReceiverDownThenUpGetsEverythingInOrder() {
        String subscription = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        receiver.stop();
        List<String> customers = List.of(createCustomer("Down 1"), createCustomer("Down 2"), createCustomer("Down 3"));
        awaitDelivery(subscription, d -> d.path("attempts").asInt() >= 2 && d.path("last_status").isNull()
                && d.path("last_error").asText().equals("The target: the connection was refused"));

        receiver.restart();

        List<Received> received = receiver.await(3, WAIT);
        assertThat(received).extracting(r -> r.json().path("data").path("customer_id").asText())
                .containsExactlyElementsOf(customers);
    }

    @Test
    void aFailingEndpointHoldsBackOnlyItsOwnQueue() {
        try (WebhookReceiver failing = new WebhookReceiver()) {
            failing.answerAlways(503);
            subscribe(failing.url(), List.of("customer.created"), null);
            subscribe(receiver.url(), List.of("customer.created"), null);

            List<String> customers = List.of(createCustomer("Held 1"), createCustomer("Held 2"));

            assertThat(receiver.await(2, WAIT)).extracting(r -> r.json().path("data").path("customer_id").asText())
                    .containsExactlyElementsOf(customers);
            assertThat(failing.received()).allMatch(r -> r.json().path("data").path("customer_id").asText()
                    .equals(customers.get(0)));
        }
    }

    /**
     * An answer that never ends is a timeout of its own subscription: HttpClient read the body to its end to reuse the
     * connection, so one receiver trickling its body for ever to a few subscriptions held every delivery worker of
     * the node, and no other workspace got its events any more.
     */
    @Test
    void anAnswerThatNeverEndsFailsAsATimeoutAndHoldsBackNoOtherWorkspace() throws IOException {
        HttpServer endless = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService handlers = Executors.newCachedThreadPool();
        endless.setExecutor(handlers);
        endless.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                while (true) {
                    body.write('.');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the sender gave up, or the test is over
            }
        });
        endless.start();
        Workspace other = newWorkspace();
        List<String> trickled = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                trickled.add(subscribe("http://127.0.0.1:" + endless.getAddress().getPort() + "/" + i,
                        List.of("customer.created"), null).json().path("id").asText());
            }
            createCustomer("Trickled");
            subscribe(other.token(), receiver.url(), List.of("customer.created"));
            Response beside = http().post("/v1/customers").token(other.token()).json(Map.of("name", "Beside",
                    "email_domain", "beside-" + System.nanoTime() + ".com")).send();

            assertThat(receiver.await(1, WAIT).get(0).json().path("data").path("customer_id").asText())
                    .isEqualTo(beside.json().path("id").asText());
            JsonNode attempt = awaitDelivery(trickled.get(0), d -> d.path("attempts").asInt() > 0);
            assertThat(attempt.path("status").asText()).isEqualTo("pending");
            assertThat(attempt.path("last_error").asText()).isEqualTo("The target: no whole answer within 3 s");
        } finally {
            trickled.forEach(id -> http().delete(PATH + "/" + id).token(ws.token()).send());
            endless.stop(0);
            handlers.shutdownNow();
        }
    }

    /** An answer's head is bounded (8 KB a header line, 100 headers): a larger one is a failed attempt, never read whole. */
    @Test
    void anAnswerWithAHugeHeaderIsAFailedAttempt() {
        receiver.answer(new WebhookReceiver.Answer(204, Map.of("X-Padding", "a".repeat(1024 * 1024))));
        String subscription = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();

        createCustomer("Padded");

        JsonNode delivery = awaitDelivery(subscription, d -> "delivered".equals(d.path("status").asText()));
        assertThat(delivery.path("attempts").asInt()).as("the padded answer failed, the next one did").isEqualTo(2);
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void afterADayADeliveryFailsAndAfterFiveDaysTheSubscriptionIsDisabledUntilEnabledAgain() {
        receiver.answerAlways(500);
        String subscription = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        String first = createCustomer("Day 1");
        awaitDelivery(subscription, d -> d.path("attempts").asInt() >= 1);
        String second = createCustomer("Day 2");

        clock.advance(Duration.ofHours(25));
        JsonNode failed = awaitDelivery(subscription, d -> d.path("status").asText().equals("failed"));
        assertThat(failed.path("last_status").asInt()).isEqualTo(500);
        JsonNode next = awaitDelivery(subscription, d -> d.path("status").asText().equals("pending")
                && d.path("attempts").asInt() >= 1);
        assertThat(next.path("next_attempt_at").isNull()).isFalse();

        clock.advance(Duration.ofDays(4));
        JsonNode disabled = awaitSubscription(subscription, s -> s.path("status").asText().equals("disabled"));
        assertThat(disabled.path("disabled_reason").asText()).contains("500");
        assertThat(disabled.path("disabled_at").isNull()).isFalse();
        int attemptsWhenDisabled = receiver.received().size();
        createCustomer("While disabled");
        awaitProcessorsCaughtUp();

        receiver.answerAlways(204);
        Response enabled = http().post(PATH + "/" + subscription + "/enable").token(ws.token()).send();
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().path("status").asText()).isEqualTo("enabled");
        assertThat(enabled.json().path("disabled_reason").isNull()).isTrue();

        Received resumed = receiver.await(attemptsWhenDisabled + 1, WAIT).get(attemptsWhenDisabled);
        assertThat(resumed.json().path("data").path("customer_id").asText()).isEqualTo(second);
        awaitDelivery(subscription, d -> d.path("status").asText().equals("delivered"));
        assertThat(receiver.received()).noneMatch(r -> r.body().contains("While disabled"));
        assertThat(deliveries(subscription)).extracting(d -> d.path("status").asText())
                .containsExactly("delivered", "failed");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneForADay() {
        JsonNode subscription = subscribe(receiver.url(), List.of("customer.created"), null).json();
        String id = subscription.path("id").asText();
        StandardWebhooksVerifier old = new StandardWebhooksVerifier(subscription.path("secret").asText());

        Response rotated = http().post(PATH + "/" + id + "/rotate-secret").token(ws.token()).send();
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        StandardWebhooksVerifier renewed = new StandardWebhooksVerifier(rotated.json().path("secret").asText());
        assertThat(rotated.json().path("secret_rotated_at").isNull()).isFalse();

        createCustomer("Rotated");
        Received both = receiver.await(1, WAIT).get(0);
        assertThat(both.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(renewed.verify(both.body(), both.headers(), clock.instant())).isTrue();
        assertThat(old.verify(both.body(), both.headers(), clock.instant())).isTrue();

        // rotated again half a day later: the first secret still has half a day to go, beside the two others
        clock.advance(Duration.ofHours(12));
        StandardWebhooksVerifier latest = new StandardWebhooksVerifier(
                http().post(PATH + "/" + id + "/rotate-secret").token(ws.token()).send().json().path("secret").asText());
        createCustomer("Rotated twice");
        Received three = receiver.await(2, WAIT).get(1);
        assertThat(three.header("webhook-signature").split(" ")).hasSize(3);
        for (StandardWebhooksVerifier secret : List.of(latest, renewed, old)) {
            assertThat(secret.verify(three.body(), three.headers(), clock.instant())).isTrue();
        }

        clock.advance(Duration.ofHours(13));
        createCustomer("Day after");
        Received two = receiver.await(3, WAIT).get(2);
        assertThat(two.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(latest.verify(two.body(), two.headers(), clock.instant())).isTrue();
        assertThat(renewed.verify(two.body(), two.headers(), clock.instant())).isTrue();
        assertThat(old.verify(two.body(), two.headers(), clock.instant())).isFalse();

        clock.advance(Duration.ofHours(12));
        createCustomer("Day after the second");
        Received one = receiver.await(4, WAIT).get(3);
        assertThat(one.header("webhook-signature").split(" ")).hasSize(1);
        assertThat(latest.verify(one.body(), one.headers(), clock.instant())).isTrue();
        assertThat(renewed.verify(one.body(), one.headers(), clock.instant())).isFalse();
    }

    @Test
    void aSixthRotationWithinADayIs409AndChangesNothing() {
        String id = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        Instant firstRotation = clock.instant();
        String current = null;
        for (int i = 0; i < 5; i++) {
            Response rotated = http().post(PATH + "/" + id + "/rotate-secret").token(ws.token()).send();
            assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
            current = rotated.json().path("secret").asText();
            clock.advance(Duration.ofHours(1));
        }
        long version = http().get(PATH + "/" + id).token(ws.token()).send().json().path("version").asLong();

        Response refused = http().post(PATH + "/" + id + "/rotate-secret").token(ws.token()).send();
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("type").asText()).endsWith("too_many_rotations");
        assertThat(refused.json().has("secret")).isFalse();
        // when the first secret rotated out stops signing, 24 h after its rotation (5 h ago on this clock)
        assertThat(Instant.parse(refused.json().path("next_rotation_at").asText()))
                .isBetween(firstRotation.plus(Duration.ofHours(24)), firstRotation.plus(Duration.ofHours(24)).plus(WAIT));
        assertThat(http().get(PATH + "/" + id).token(ws.token()).send().json().path("version").asLong())
                .isEqualTo(version);
        createCustomer("Still signed");
        Received message = receiver.await(1, WAIT).get(0);
        assertThat(message.header("webhook-signature").split(" ")).hasSize(6);
        assertThat(new StandardWebhooksVerifier(current).verify(message.body(), message.headers(), clock.instant()))
                .isTrue();

        clock.advance(Duration.ofHours(19));
        assertThat(http().post(PATH + "/" + id + "/rotate-secret").token(ws.token()).send().status()).isEqualTo(200);
    }

    @Test
    void aReplayRedeliversPastEventsInOrderWithTheirIds() {
        // the server's time (another test class may have moved the shared clock), as the events are stamped with it
        Instant start = clock.instant().minusSeconds(1);
        String other = createCustomer("Before subscribing");
        String id = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        String after = createCustomer("After subscribing");
        List<Received> live = receiver.await(1, WAIT);
        assertThat(live.get(0).json().path("data").path("customer_id").asText()).isEqualTo(after);

        Response replay = http().post(PATH + "/" + id + "/replay").token(ws.token())
                .json(Map.of("since", start.toString())).send();
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        // the replay is a version of the subscription, which the read model shows: enabling it (it is enabled, so
        // nothing changes) answers at once with that version
        Response enabled = http().post(PATH + "/" + id + "/enable").token(ws.token()).send();
        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(enabled.header("ETag")).isEqualTo("\"2\"");

        List<Received> replayed = receiver.await(2, r -> "true".equals(r.header("webhook-replay")), WAIT);
        assertThat(replayed).extracting(r -> r.json().path("data").path("customer_id").asText())
                .containsExactly(other, after);
        assertThat(replayed.get(1).header("webhook-id")).isEqualTo(live.get(0).header("webhook-id"));
        assertThat(replayed.get(1).body()).isEqualTo(live.get(0).body());

        Response tooOld = http().post(PATH + "/" + id + "/replay").token(ws.token())
                .json(Map.of("since", clock.instant().minus(Duration.ofDays(31)).toString())).send();
        assertThat(tooOld.status()).isEqualTo(422);
        assertInvalid(http().post(PATH + "/" + id + "/replay").token(ws.token()).json(Map.of("since", "yesterday"))
                .send(), "since");
        assertInvalid(http().post(PATH + "/" + id + "/replay").token(ws.token()).json(Map.of()).send(), "since");
    }

    /** The API's times are microseconds: a finer since names the microsecond it falls in, which the answer echoes. */
    @Test
    void aReplayEchoesSinceToTheMicrosecond() {
        String id = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        Instant whole = clock.instant().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Instant before = clock.instant().truncatedTo(ChronoUnit.MICROS);

        Response replay = http().post(PATH + "/" + id + "/replay").token(ws.token())
                .json(Map.of("since", whole.plusNanos(123_456_789).toString())).send();
        Instant after = clock.instant();

        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        assertThat(replay.json().path("since").asText()).isEqualTo(whole.plusNanos(123_456_000).toString());
        // a version of the subscription (shown once projected: the replay answers 202), stamped as every version is
        await().atMost(WAIT).untilAsserted(() -> {
            Response subscription = http().get(PATH + "/" + id).token(ws.token()).send();
            assertThat(subscription.header("ETag")).isEqualTo("\"2\"");
            assertThat(Instant.parse(subscription.json().path("updated_at").asText())).isBetween(before, after);
        });
    }

    @Test
    void anErasedCustomersPersonalDataLeavesItsQueuedAndKeptDeliveries() {
        String marker = "qz" + Long.toString(System.nanoTime(), 36);
        List<String> personal = List.of("Persona " + marker, marker + "-family.example", "vip-" + marker,
                "Call " + marker, "About " + marker, "Spoke with " + marker);
        Instant since = clock.instant().minusSeconds(1);
        String delivered = subscribe(receiver.url(), List.of("*"), null).json().path("id").asText();
        try (WebhookReceiver down = new WebhookReceiver()) {
            down.answerAlways(503);
            subscribe(down.url(), List.of("*"), null);
            Response created = http().post("/v1/customers").token(ws.token()).json(Map.of("name", personal.get(0),
                    "email_domain", personal.get(1), "custom_fields", Map.of("vip", personal.get(2)))).send();
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String customer = created.json().path("id").asText();
            assertThat(http().patch("/v1/customers/" + customer).token(ws.token()).json(Map.of("name",
                    personal.get(0) + " Jr", "custom_fields", Map.of("vip", personal.get(2) + "!"), "arr", 1200.5))
                    .send().status()).isEqualTo(200);
            Response task = http().post("/v1/tasks").token(ws.token()).json(Map.of("customer_id", customer,
                    "title", personal.get(3), "description", personal.get(4))).send();
            assertThat(task.status()).as(task.toString()).isEqualTo(201);
            assertThat(http().post("/v1/tasks/" + task.json().path("id").asText() + "/complete").token(ws.token())
                    .json(Map.of("outcome", "done", "notes", personal.get(5))).send().status()).isEqualTo(200);
            awaitDelivery(delivered, d -> d.path("event_type").asText().equals("task.completed")
                    && d.path("status").asText().equals("delivered"));

            assertThat(http().delete("/v1/customers/" + customer + "?hard=true").token(ws.token()).send().status())
                    .isEqualTo(204);
            awaitProcessorsCaughtUp();

            // kept 30 days (delivered) or still to send (the receiver that is down): neither holds the data any more
            List<String> payloads = jdbc.sql("SELECT payload FROM webhook_delivery WHERE workspace_id = ?")
                    .param(ws.id()).query(String.class).list();
            assertThat(payloads).hasSizeGreaterThanOrEqualTo(8);
            assertThat(payloads).noneMatch(payload -> personal.stream().anyMatch(payload::contains));
            Instant up = Instant.now();
            down.answerAlways(204);
            down.await(1, r -> r.at().isAfter(up) && r.json().path("type").asText().equals("task.completed"), WAIT);
            Map<String, JsonNode> late = new java.util.HashMap<>();
            for (Received message : down.received().stream().filter(r -> r.at().isAfter(up)).toList()) {
                assertThat(personal).noneMatch(message.body()::contains);
                late.put(message.json().path("type").asText(), message.json().path("data"));
            }
            assertThat(late.get("customer.created").path("name").asText()).isEqualTo("[erased]");
            assertThat(late.get("customer.created").path("email_domain").asText()).isEqualTo("[erased]");
            assertThat(late.get("customer.created").path("custom_fields").size()).isZero();
            JsonNode changes = late.get("customer.updated").path("changes");
            assertThat(changes.path("name").asText()).isEqualTo("[erased]");
            assertThat(changes.has("custom_fields")).isFalse();
            assertThat(changes.path("arr").toString()).as("amounts as they were").isEqualTo("1200.5");
            assertThat(late.get("task.created").path("title").asText()).isEqualTo("[erased]");
            assertThat(late.get("task.completed").path("notes").asText()).isEqualTo("[erased]");

            // a replay reads the events again as they read now, to a subscription of before the erasure or of after
            try (WebhookReceiver later = new WebhookReceiver()) {
                String afterwards = subscribe(later.url(), List.of("*"), null).json().path("id").asText();
                Instant replaying = Instant.now();
                for (String subscription : List.of(delivered, afterwards)) {
                    assertThat(http().post(PATH + "/" + subscription + "/replay").token(ws.token())
                            .json(Map.of("since", since.toString())).send().status()).isEqualTo(202);
                }
                Predicate<Received> replayedCompletion = r -> r.at().isAfter(replaying)
                        && r.json().path("type").asText().equals("task.completed");
                later.await(1, replayedCompletion, WAIT);
                receiver.await(1, replayedCompletion, WAIT);
                List<Received> replayed = new ArrayList<>(later.received());
                replayed.addAll(receiver.received().stream().filter(r -> r.at().isAfter(replaying)).toList());
                assertThat(replayed).hasSizeGreaterThanOrEqualTo(8);
                assertThat(replayed).allSatisfy(message -> assertThat(personal).noneMatch(message.body()::contains));
            }
        }
    }

    @Test
    void aLongReplayHoldsBackNoLiveDelivery() {
        Instant start = clock.instant().minusSeconds(1);
        String replaying = subscribe(receiver.url(), List.of("customer.created"), null).json().path("id").asText();
        try (WebhookReceiver otherReceiver = new WebhookReceiver()) {
            subscribe(otherReceiver.url(), List.of("customer.created"), null);
            // six pages of the server's replay page and backlog (ApiTest: 10 each)
            int past = 60;
            List<String> pastIds = new ArrayList<>();
            for (int i = 0; i < past; i++) {
                pastIds.add(createCustomer("Past " + i));
            }
            receiver.await(past, WAIT);
            otherReceiver.await(past, WAIT);

            // the replaying subscription's receiver takes its replayed deliveries very slowly: not at all until released
            receiver.holdReplays();
            Response replay = http().post(PATH + "/" + replaying + "/replay").token(ws.token())
                    .json(Map.of("since", start.toString())).send();
            assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
            receiver.await(1, WebhookSubscriptionsApiTest::replayed, WAIT);
            String live = createCustomer("Live during the replay");

            // another subscription's live event is delivered while the replay is still running: the replay is read
            // a page at a time, queued only as fast as its receiver takes it
            otherReceiver.await(1, r -> live.equals(customerId(r)), WAIT);
            JsonNode queued = http().get(PATH + "/" + replaying + "/deliveries?limit=100").token(ws.token()).send()
                    .json().path("data");
            long replayQueued = java.util.stream.StreamSupport.stream(queued.spliterator(), false)
                    .filter(d -> d.path("replay").asBoolean()).count();
            assertThat(replayQueued).as("replayed deliveries queued so far").isPositive().isLessThan(past);

            // the same subscription's live event goes out behind at most the backlog of replayed deliveries queued
            // before it, long before the replay's end
            receiver.releaseReplays();
            Duration replayTime = Duration.ofSeconds(90);
            receiver.await(1, r -> replayed(r) && pastIds.get(past - 1).equals(customerId(r)), replayTime);
            List<String> arrivals = receiver.received().stream().map(r -> (replayed(r) ? "replay:" : "live:") + customerId(r))
                    .distinct().toList();
            assertThat(arrivals).contains("live:" + live);
            assertThat(arrivals.indexOf("live:" + live)).as(arrivals.toString())
                    .isLessThan(arrivals.indexOf("replay:" + pastIds.get(past - 1)));
            // the replay itself in order, each event once (a held attempt may be repeated, with its webhook-id)
            assertThat(arrivals.stream().filter(a -> a.startsWith("replay:")).map(a -> a.substring(7)).toList())
                    .containsExactlyElementsOf(pastIds);
        }
    }

    private static boolean replayed(Received received) {
        return "true".equals(received.header("webhook-replay"));
    }

    private static String customerId(Received received) {
        return received.json().path("data").path("customer_id").asText();
    }

    private Response subscribe(String url, List<String> events, String description) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", url, "events", events));
        if (description != null) {
            body.put("description", description);
        }
        return http().post(PATH).token(ws.token()).json(body).send();
    }

    private Call patch(String subscription, Object body) {
        return http().patch(PATH + "/" + subscription).token(ws.token()).json(body);
    }

    private Response subscribe(String token, String url, List<String> events) {
        return http().post(PATH).token(token).json(Map.of("url", url, "events", events)).send();
    }

    private String key(List<String> scopes) {
        return http().post("/v1/api-keys").token(ws.token()).json(Map.of("name", "k", "role", "admin", "scopes", scopes))
                .send().json().path("secret").asText();
    }

    private String createCustomer(String name) {
        Response created = http().post("/v1/customers").token(ws.token()).json(Map.of("name", name,
                "email_domain", name.toLowerCase().replace(' ', '-') + "-" + System.nanoTime() + ".com")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asText();
    }

    private JsonNode deliveries(String subscription) {
        Response list = http().get(PATH + "/" + subscription + "/deliveries").token(ws.token()).send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        return list.json().path("data");
    }

    private JsonNode awaitDelivery(String subscription, java.util.function.Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode delivery : deliveries(subscription)) {
                if (condition.test(delivery)) {
                    return delivery;
                }
            }
            pause();
        }
        throw new AssertionError("No such delivery: " + deliveries(subscription));
    }

    private JsonNode awaitSubscription(String subscription, java.util.function.Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode body = http().get(PATH + "/" + subscription).token(ws.token()).send().json();
            if (condition.test(body)) {
                return body;
            }
            pause();
        }
        throw new AssertionError("Subscription never matched");
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertMicroseconds(String sent, String shown) {
        assertThat(sent).matches(".*T[0-9:]{8}(\\.[0-9]{1,6})?Z");
        assertThat(Duration.between(Instant.parse(shown), Instant.parse(sent)).abs()).isLessThanOrEqualTo(Duration.ofNanos(1000));
    }

    private static void assertInvalid(Response response, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("errors").toString()).as(response.toString()).contains("\"" + field + "\"");
    }
}
