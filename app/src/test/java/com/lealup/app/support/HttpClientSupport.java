package com.lealup.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small real-HTTP client for API tests: every call returns status, headers and parsed JSON body, and every
 * answer, and every request the server accepted, is checked against the served OpenAPI document
 * ({@link ApiContract}).
 */
public final class HttpClientSupport {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    public static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;

    public HttpClientSupport(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Response(int status, java.net.http.HttpHeaders headers, String rawBody) {
        public JsonNode json() {
            try {
                return rawBody == null || rawBody.isEmpty() ? JSON.nullNode() : JSON.readTree(rawBody);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + rawBody, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + rawBody;
        }
    }

    public record Workspace(String id, String token, JsonNode body) {
    }

    /** A request in the making: {@code http().post("/v1/customers").token(t).json(body).send()}. */
    public final class Call {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private boolean chunked;

        Call(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public Call token(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** A JSON body: a String is sent as is, anything else serialised with Jackson. */
        public Call json(Object body) {
            try {
                this.body = (body instanceof String s ? s : JSON.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            headers.putIfAbsent("Content-Type", "application/json");
            return this;
        }

        public Call rawBody(String body, String contentType) {
            return rawBody(body.getBytes(StandardCharsets.UTF_8), contentType);
        }

        /** Exactly these bytes, e.g. a body that is not valid UTF-8. */
        public Call rawBody(byte[] body, String contentType) {
            this.body = body;
            headers.put("Content-Type", contentType);
            return this;
        }

        /** Sends the body without Content-Length (chunked transfer encoding). */
        public Call chunked() {
            this.chunked = true;
            return this;
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
            headers.forEach(builder::header);
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            builder.method(method, chunked ? HttpRequest.BodyPublishers.fromPublisher(publisher) : publisher);
            try {
                HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                Response answer = new Response(response.statusCode(), response.headers(), response.body());
                ApiContract.of(baseUrl).check(method, path, headers, body, answer);
                return answer;
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public Call get(String path) {
        return new Call("GET", path);
    }

    public Call post(String path) {
        return new Call("POST", path);
    }

    public Call patch(String path) {
        return new Call("PATCH", path);
    }

    public Call put(String path) {
        return new Call("PUT", path);
    }

    public Call delete(String path) {
        return new Call("DELETE", path);
    }

    public Call head(String path) {
        return new Call("HEAD", path);
    }

    public Call options(String path) {
        return new Call("OPTIONS", path);
    }

    /** Any method, one HTTP does not define included. */
    public Call call(String method, String path) {
        return new Call(method, path);
    }

    public Workspace createWorkspace(String operatorToken, String tier) {
        Response response = post("/v1/workspaces").token(operatorToken)
                .json(Map.of("name", "Workspace " + System.nanoTime(), "tier", tier)).send();
        if (response.status() != 201) {
            throw new AssertionError("workspace creation failed: " + response);
        }
        JsonNode body = response.json();
        return new Workspace(body.path("workspace").path("id").asText(), body.path("api_key").path("secret").asText(), body);
    }
}
