package com.lealup.app.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The served OpenAPI document is the contract: every response an API test receives through
 * {@link HttpClientSupport} is validated against it (status, content type, body schema with unknown members
 * refused, declared headers), and a contract header the response carries ({@code X-Trace-Id}, {@code ETag},
 * {@code Location}, {@code X-RateLimit-*}, {@code Retry-After}, {@code Idempotent-Replayed}) must be declared
 * on that response. An error the operation names (its problem types pinned: {@code ErrorResponses}) must be one of
 * those, and an error status of {@link #NAMED_ERRORS} must be named by the operation that answers it, not pass as its
 * {@code 4XX}. A response that breaks it fails the test that received it.
 *
 * <p>A request the server accepted ({@code 2xx}) is validated too (parameters, headers, body schema): an accepted
 * request the document calls invalid means that the document and the server disagree on what the server takes. A
 * refused request is not: the tests send those on purpose, and the document need not describe why each is refused.
 *
 * <p>Not validated: routes the document does not have (unknown paths, a method a path does not allow:
 * their {@code 404}/{@code 405} are the server's, not an operation's), {@code OPTIONS} (CORS preflights),
 * paths with {@code ;parameters}, and bodies that arrive compressed; and a node without the {@code api} role
 * ({@code LEALUP_ROLES}), which serves neither the document nor any operation of it.
 */
public final class ApiContract {

    private static final Map<String, ApiContract> BY_SERVER = new ConcurrentHashMap<>();
    private static final List<String> CONTRACT_HEADERS = List.of("X-Trace-Id", "ETag", "Location", "X-RateLimit-Limit",
            "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "Idempotent-Replayed");
    private static final String DOCUMENT = "/v1/openapi.json";
    /**
     * The error statuses an operation names itself, each with its problem types, when it can answer them: one of
     * them answered by an operation that does not name it would pass as its {@code 4XX}, which the document keeps for
     * what the container answers on any route (405, 406).
     */
    private static final Set<Integer> NAMED_ERRORS = Set.of(400, 401, 403, 404, 409, 412, 413, 415, 422, 429);
    /**
     * {@code -Dlealup.contract.report=FILE}: write every breach to FILE instead of failing, to see all of them
     * in one run of the suite (e.g. after adding endpoints).
     */
    private static final String REPORT = System.getProperty("lealup.contract.report");

    /** The contract of a node that serves no API: it answers no operation, so nothing is held to the document. */
    private static final ApiContract NO_API = new ApiContract();

    private final OpenApiInteractionValidator validator;
    private final JsonNode spec;
    private final List<Route> routes = new ArrayList<>();

    private record Route(Pattern path, String template) {
    }

    private ApiContract() {
        this.validator = null;
        this.spec = null;
    }

    ApiContract(String document) {
        try {
            this.spec = HttpClientSupport.JSON.readTree(document);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        // the server ignores a query parameter it does not know, as HTTP APIs do
                        .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                        .build())
                .build();
        spec.path("paths").fieldNames().forEachRemaining(template -> routes.add(new Route(
                Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")), template)));
        // a literal segment wins over a parameter: /v1/customers/trash is not /v1/customers/{id}
        routes.sort(Comparator.comparingLong(route -> route.template().chars().filter(c -> c == '{').count()));
    }

    /** The contract of the server at {@code baseUrl}, read once from its {@code /v1/openapi.json}. */
    static ApiContract of(String baseUrl) {
        return BY_SERVER.computeIfAbsent(baseUrl, url -> {
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(url + DOCUMENT)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404) {
                    return NO_API;
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("GET " + DOCUMENT + ": " + response.statusCode());
                }
                return new ApiContract(response.body());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * Fails with every difference between {@code response} and what the document promises for it, and, when the
     * server accepted the request, between the request and what the document says the operation takes.
     */
    void check(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
               HttpClientSupport.Response response) {
        List<String> breaches = breaches(method, pathAndQuery, headers, body, response);
        if (!breaches.isEmpty()) {
            breach(String.join("\n", breaches));
        }
    }

    /** The differences {@link #check} fails with, one message for the request and one for the response. */
    List<String> breaches(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                          HttpClientSupport.Response response) {
        String path = pathAndQuery.split("\\?", 2)[0];
        // a method HTTP does not define has no operation in any document
        if (validator == null || !path.startsWith("/v1/") || path.contains(";") || "OPTIONS".equals(method)
                || Arrays.stream(Request.Method.values()).noneMatch(known -> known.name().equals(method))
                || response.header("Content-Encoding") != null) {
            return List.of();
        }
        List<String> breaches = new ArrayList<>();
        if (response.status() / 100 == 2) {
            checkAccepted(method, pathAndQuery, headers, body, response.status()).ifPresent(breaches::add);
        }
        SimpleResponse.Builder built = SimpleResponse.Builder.status(response.status());
        response.headers().map().forEach((name, values) -> built.withHeader(name, values));
        if (response.rawBody() != null && !response.rawBody().isEmpty() && !"HEAD".equals(method)) {
            built.withBody(response.rawBody());
        }
        List<String> problems = new ArrayList<>(errors(
                validator.validateResponse(path, Request.Method.valueOf(method), built.build())));
        JsonNode operation = operation(method, path);
        JsonNode declared = declaredResponse(operation, response.status());
        if (declared != null) {
            for (String header : CONTRACT_HEADERS) {
                if (response.header(header) != null && !declares(declared, header)) {
                    problems.add("header " + header + " is sent but not declared for " + response.status());
                }
            }
        }
        if (operation != null && NAMED_ERRORS.contains(response.status())
                && !operation.path("responses").has(String.valueOf(response.status()))) {
            problems.add(response.status() + " is answered but not declared: the operation names each error status "
                    + "it answers, with its problem types (ErrorResponses, @Refusal), and leaves 4XX to the container's");
        }
        if (!problems.isEmpty()) {
            breaches.add("The response of " + method + " " + pathAndQuery + " breaks the OpenAPI "
                    + "document (" + response.status() + " " + abbreviate(response.rawBody()) + "):\n  "
                    + String.join("\n  ", problems));
        }
        return breaches;
    }

    /** An accepted request that the document calls invalid: the document and the server disagree. */
    private Optional<String> checkAccepted(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
                                           int status) {
        String[] parts = pathAndQuery.split("\\?", 2);
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, parts[0]);
        headers.forEach(request::withHeader);
        String text = body == null ? null : new String(body, StandardCharsets.UTF_8);
        if (text != null && !text.isEmpty()) {
            request.withBody(text);
        }
        if (parts.length > 1) {
            for (String pair : parts[1].split("&")) {
                if (!pair.isEmpty()) {
                    String[] nameValue = pair.split("=", 2);
                    request.withQueryParam(decode(nameValue[0]), nameValue.length > 1 ? decode(nameValue[1]) : "");
                }
            }
        }
        List<String> problems = errors(validator.validateRequest(request.build()));
        return problems.isEmpty() ? Optional.empty() : Optional.of("The request " + method + " " + pathAndQuery
                + " was accepted (" + status + ") but breaks the OpenAPI document (" + abbreviate(text) + "):\n  "
                + String.join("\n  ", problems));
    }

    private static List<String> errors(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()
                        + m.getNestedMessages().stream().map(n -> "\n    " + n).reduce("", String::concat))
                .toList();
    }

    private static void breach(String failure) {
        if (REPORT != null) {
            report(failure);
            return;
        }
        throw new AssertionError(failure);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static synchronized void report(String failure) {
        try {
            // getBytes, not writeString: a hostile body's lone surrogate becomes ?, not an exception
            Files.write(Path.of(REPORT), (failure + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The operation of {@code method} on the first route that matches {@code path} and has one, or null. */
    private JsonNode operation(String method, String path) {
        for (Route route : routes) {
            JsonNode operation = spec.path("paths").path(route.template()).path(method.toLowerCase(Locale.ROOT));
            if (route.path().matcher(path).matches() && !operation.isMissingNode()) {
                return operation;
            }
        }
        return null;
    }

    private static JsonNode declaredResponse(JsonNode operation, int status) {
        if (operation == null) {
            return null;
        }
        for (String code : List.of(String.valueOf(status), status / 100 + "XX", "default")) {
            if (operation.path("responses").has(code)) {
                return operation.path("responses").get(code);
            }
        }
        return null;
    }

    private static boolean declares(JsonNode response, String header) {
        for (Iterator<String> names = response.path("headers").fieldNames(); names.hasNext(); ) {
            if (names.next().equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 600 ? String.valueOf(body) : body.substring(0, 600) + "...";
    }
}
