package com.lealup.http.support;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The error answers of every operation in the OpenAPI document: each status it can answer, as problem+json whose
 * {@code type} is one of the codes listed for it, each with when. The codes every operation of a kind may answer
 * follow from what it is (authenticated, an idempotent POST, a write, a path naming a resource, a body read,
 * {@code If-Match} held: docs/conventions.md, "Errors"); an endpoint's own are its {@link Refusal}s. {@code 4XX} and
 * {@code 5XX} remain for what the container answers on any route (405, 406, 503), whose code is its reason phrase.
 *
 * <p>The API tests validate every answer against this (test support {@code ApiContract}): a problem type not listed
 * for its status, or one of these statuses not declared by its operation, fails the test that received it.
 */
final class ErrorResponses {

    /** The endpoint's {@link Refusal}s, set by an operation customizer and taken off once read. */
    static final String REFUSALS = "x-refusals";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    private record Code(HttpStatus status, String code, String when) {
    }

    private ErrorResponses() {
    }

    /** Adds the operation's error responses, after its others; fails on an error a controller declared otherwise. */
    static void declare(String path, PathItem.HttpMethod method, Operation operation, boolean open) {
        operation.getResponses().keySet().stream().filter(status -> status.matches("[45].*")).findFirst()
                .ifPresent(status -> {
                    throw new IllegalStateException(operation.getOperationId() + " declares " + status
                            + " itself: an endpoint's errors are its @Refusal annotations");
                });
        Object refusals = operation.getExtensions() == null ? null : operation.getExtensions().remove(REFUSALS);
        if (operation.getExtensions() != null && operation.getExtensions().isEmpty()) {
            operation.setExtensions(null);
        }
        List<Code> codes = generic(path, method, operation, open);
        if (refusals instanceof List<?> own) {
            own.stream().map(Refusal.class::cast).map(r -> new Code(r.status(), r.code(), r.when())).forEach(code -> {
                if (codes.stream().anyMatch(known -> known.status() == code.status()
                        && known.code().equals(code.code()))) {
                    throw new IllegalStateException(operation.getOperationId() + " refuses " + code.status().value()
                            + " " + code.code() + ", which every operation of its kind already does");
                }
                codes.add(code);
            });
        }
        Map<Integer, Map<String, String>> byStatus = new TreeMap<>();
        codes.forEach(code -> byStatus.computeIfAbsent(code.status().value(), status -> new LinkedHashMap<>())
                .put(code.code(), code.when()));
        ApiResponses responses = operation.getResponses();
        byStatus.forEach((status, whens) -> responses.addApiResponse(String.valueOf(status), new ApiResponse()
                .description(whens.entrySet().stream().map(when -> when.getKey() + ": " + when.getValue())
                        .collect(Collectors.joining("; ")))
                .content(problem(new ArrayList<>(whens.keySet())))));
        responses.addApiResponse("4XX", new ApiResponse().description("Any other client error the server answers on "
                + "every route, its code the status's reason phrase: 405 method_not_allowed (with Allow), 406 "
                + "not_acceptable (Accept excludes JSON)").content(problem(List.of())));
        responses.addApiResponse("5XX", new ApiResponse().description("Any other server error, its code the status's "
                + "reason phrase (503 service_unavailable)").content(problem(List.of())));
    }

    /** What every operation like this one may answer (docs/conventions.md, "Errors"). */
    private static List<Code> generic(String path, PathItem.HttpMethod method, Operation operation, boolean open) {
        boolean readsBody = operation.getRequestBody() != null;
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        boolean holdsIfMatch = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> "header".equals(parameter.getIn())
                        && HttpHeaders.IF_MATCH.equalsIgnoreCase(parameter.getName()));
        List<Code> codes = new ArrayList<>();
        codes.add(new Code(HttpStatus.BAD_REQUEST, "bad_request", "a request line or headers the server cannot parse "
                + "(over 8 KB included), or a path it will not decode; answered before the request is counted, so "
                + "without X-RateLimit-*"));
        codes.add(new Code(HttpStatus.BAD_REQUEST, "malformed_json", readsBody
                ? "the body is not JSON in UTF-8, or not of the JSON type the operation reads"
                : "a body is sent: a " + method + " takes none"));
        // any query is read, if only to refuse a control character in it (InputHygieneFilter)
        codes.add(new Code(HttpStatus.BAD_REQUEST, "validation_error", "a parameter or member breaks its rules: "
                + "errors names each, with its own code (unknown_field, required, too_long, ...)"));
        if (write) {
            codes.add(new Code(HttpStatus.BAD_REQUEST, "unsupported_precondition", "If-None-Match or "
                    + "If-Unmodified-Since" + (holdsIfMatch ? "" : ", or If-Match, which this write does not hold")));
        }
        boolean idempotent = method == PathItem.HttpMethod.POST && !open;
        if (idempotent) {
            codes.add(new Code(HttpStatus.BAD_REQUEST, "invalid_idempotency_key", "Idempotency-Key empty, longer than "
                    + "255 characters, or sent more than once"));
        }
        if (!open) {
            codes.add(new Code(HttpStatus.UNAUTHORIZED, "unauthorized", "missing, unknown or revoked token"));
            codes.add(new Code(HttpStatus.FORBIDDEN, "forbidden", "the token lacks the scope or role"));
        }
        if (path.contains("{")) {
            codes.add(new Code(HttpStatus.NOT_FOUND, "not_found", "what the path names does not exist in the "
                    + "caller's workspace"));
        }
        if (idempotent) {
            codes.add(new Code(HttpStatus.CONFLICT, "idempotency_key_in_use", "a request with this Idempotency-Key "
                    + "still runs"));
            codes.add(new Code(HttpStatus.CONFLICT, "idempotency_key_erased", "the answer stored for this "
                    + "Idempotency-Key named a customer since erased"));
        }
        if (holdsIfMatch) {
            codes.add(new Code(HttpStatus.PRECONDITION_FAILED, "version_mismatch", "If-Match names no current "
                    + "version"));
        }
        // a body is judged before the operation, sent where none is read too (BodyLimitFilter, InputHygieneFilter)
        codes.add(new Code(HttpStatus.PAYLOAD_TOO_LARGE, "body_too_large", "the body is over its limit"));
        codes.add(new Code(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", readsBody
                ? "a body that is not application/json" : "a multipart body"));
        if (idempotent) {
            codes.add(new Code(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency_key_reused", "this Idempotency-Key came "
                    + "with another request, or from another caller"));
        }
        codes.add(new Code(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", "over the rate limit (limit_class names it); "
                + "Retry-After says when to try again"));
        codes.add(new Code(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "anything unexpected; quote the "
                + "trace_id when reporting it"));
        return codes;
    }

    /** A problem, its type one of these codes' (any code when none is named). */
    private static Content problem(List<String> codes) {
        Schema<?> schema = new Schema<>().$ref(PROBLEM_REF);
        if (!codes.isEmpty()) {
            StringSchema type = new StringSchema();
            type.setEnum(codes.stream().map(code -> ProblemWriter.TYPE_BASE + code).toList());
            // open as Problem is: it pins the type, and says nothing of the other members
            schema = new ComposedSchema().allOf(List.of(schema, new ObjectSchema().additionalProperties(true)
                    .addProperty("type", type)));
        }
        return new Content().addMediaType(ProblemWriter.PROBLEM_JSON.toString(), new MediaType().schema(schema));
    }
}
