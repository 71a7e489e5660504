package com.lealup.http.support.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Actor;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiMetrics;
import com.lealup.http.support.CachedBodyRequest;
import com.lealup.http.support.Caller;
import com.lealup.http.support.CarriesSecret;
import com.lealup.http.support.Commands;
import com.lealup.http.support.FilterOrder;
import com.lealup.http.support.ProblemWriter;
import com.lealup.http.support.RoutedPath;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on a {@code POST}, per workspace, and for the operator's POSTs (which belong to no workspace)
 * in a scope of their own ({@link #scope}): the first request with a key runs and its response (if not a 5xx) is
 * stored; the same request again within the key's lifetime gets that response replayed without running, with
 * {@code Idempotent-Replayed: true}, to the same caller only ({@link #hash}). Another request with the same key is 422,
 * a repeat while the first still runs 409, and so is any request with a key whose answer named an erased customer.
 * A 401 or 403 is not stored. Secrets are shown once: JSON members named {@code secret}, and those an operation marks
 * as its secret ({@link CarriesSecret}), are not stored, so a replay answers without them.
 */
@Component
@Order(FilterOrder.IDEMPOTENCY)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final int MAX_KEY_LENGTH = 255;
    private static final List<String> REPLAYED_HEADERS = List.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    /**
     * Where the operator's keys are unique: the deployment has one operator credential, and no workspace id
     * ({@code wsp_…}) is this, so an operator's key never meets a workspace's.
     */
    private static final String OPERATOR_SCOPE = Actor.OPERATOR;
    private static final String SECRET_MEMBER = "secret";
    /** Refusals for want of rights say nothing about the request: the key stays free for a caller who has them. */
    private static final Set<Integer> NOT_STORED = Set.of(HttpStatus.UNAUTHORIZED.value(), HttpStatus.FORBIDDEN.value());

    private final IdempotencyStore store;
    private final ProblemWriter problems;
    private final ObjectMapper json;
    private final ApiMetrics metrics;

    IdempotencyFilter(IdempotencyStore store, ProblemWriter problems, ObjectMapper json, ApiMetrics metrics) {
        this.store = store;
        this.problems = problems;
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(Commands.IDEMPOTENCY_KEY_HEADER) == null
                || !(request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller);
    }

    /** The scope a key is unique in: the caller's workspace, or the operator's own. */
    private static String scope(Caller caller) {
        return Actor.OPERATOR.equals(caller.actorType()) ? OPERATOR_SCOPE : caller.workspaceId();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(Commands.IDEMPOTENCY_KEY_HEADER);
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            problems.write(request, response, new ApiException(HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
                    "Invalid Idempotency-Key", "Idempotency-Key must have 1 to " + MAX_KEY_LENGTH + " characters"));
            return;
        }
        // which of several keys is meant cannot be known, as for several Authorization headers
        if (Collections.list(request.getHeaders(Commands.IDEMPOTENCY_KEY_HEADER)).size() > 1) {
            problems.write(request, response, new ApiException(HttpStatus.BAD_REQUEST, "invalid_idempotency_key",
                    "Invalid Idempotency-Key", "Send one Idempotency-Key header: several are ambiguous"));
            return;
        }
        Caller caller = (Caller) request.getAttribute(Caller.REQUEST_ATTRIBUTE);
        String scope = scope(caller);
        byte[] body = CachedBodyRequest.body(request);
        IdempotencyStore.Reservation reservation = store.reserve(scope, key, hash(caller, request, body),
                request.getMethod(), RoutedPath.of(request));
        switch (reservation.outcome()) {
            case REUSED -> problems.write(request, response, new ApiException(HttpStatus.UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused", "Idempotency key reused",
                    "This Idempotency-Key was already used with a different request"));
            case IN_USE -> problems.write(request, response, new ApiException(HttpStatus.CONFLICT,
                    "idempotency_key_in_use", "Idempotency key in use",
                    "A request with this Idempotency-Key is still being processed; retry later"));
            case ERASED -> problems.write(request, response, new ApiException(HttpStatus.CONFLICT,
                    "idempotency_key_erased", "Idempotency key erased",
                    "The answer to this Idempotency-Key named a customer that has since been erased: it is not "
                            + "replayed, and the request does not run again; send it with a new key to run it anew"));
            case COMPLETED -> {
                metrics.idempotentReplay();
                replay(reservation.response(), response);
            }
            case RESERVED -> run(scope, key, new CachedBodyRequest(request, body), response, chain);
        }
    }

    private void run(String scope, String key, HttpServletRequest request, HttpServletResponse response,
                     FilterChain chain) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, recorded);
        } catch (IOException | ServletException | RuntimeException e) {
            store.release(scope, key);
            throw e;
        }
        if (recorded.getStatus() >= 500 || NOT_STORED.contains(recorded.getStatus())) {
            store.release(scope, key);
        } else {
            Map<String, String> headers = new LinkedHashMap<>();
            if (recorded.getContentType() != null) {
                headers.put(HttpHeaders.CONTENT_TYPE, recorded.getContentType());
            }
            REPLAYED_HEADERS.forEach(name -> {
                if (recorded.getHeader(name) != null) {
                    headers.put(name, recorded.getHeader(name));
                }
            });
            try {
                store.complete(scope, key, new IdempotencyStore.StoredResponse(recorded.getStatus(), headers,
                        withoutSecrets(recorded.getContentAsByteArray(), recorded.getContentType(),
                                secretMembers(request))));
            } catch (DataAccessException e) {
                // the request took effect: answer it; the key stays reserved (409 for retries) until it expires
                log.error("Could not store the response of Idempotency-Key {}", key, e);
            }
        }
        recorded.copyBodyToResponse();
    }

    /** {@code secret}, and the members the operation marked as its secret. */
    private static Set<String> secretMembers(HttpServletRequest request) {
        Set<String> members = new HashSet<>(Set.of(SECRET_MEMBER));
        if (request.getAttribute(CarriesSecret.MEMBERS_ATTRIBUTE) instanceof List<?> marked) {
            marked.forEach(member -> members.add(member.toString()));
        }
        return members;
    }

    /** The body to keep for replays: a JSON body loses its {@code members}, wherever they are. */
    private byte[] withoutSecrets(byte[] body, String contentType, Set<String> members) throws IOException {
        if (contentType == null || !contentType.contains("json") || body.length == 0) {
            return body;
        }
        JsonNode tree = json.readTree(body);
        boolean removed = false;
        for (String member : members) {
            for (JsonNode holder : tree.findParents(member)) {
                ((ObjectNode) holder).remove(member);
                removed = true;
            }
        }
        return removed ? json.writeValueAsBytes(tree) : body;
    }

    private static void replay(IdempotencyStore.StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        stored.headers().forEach(response::setHeader);
        response.setHeader(REPLAYED_HEADER, "true");
        response.getOutputStream().write(stored.body());
    }

    /**
     * SHA-256 of who asks (actor, role and effective scopes), method, routed path, query and body: what makes two
     * requests "the same". The caller is part of it so that a replay goes only to a caller who would have got the
     * same answer by running the request: another key of the workspace, or the same one with other rights since,
     * reusing the key gets 422, never an answer its rights would have refused.
     */
    static String hash(Caller caller, HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String query = request.getQueryString() == null ? "" : request.getQueryString();
            String rights = caller.actorType() + ' ' + caller.actorId() + ' ' + caller.role() + ' ' + new TreeSet<>(caller.scopes());
            digest.update((rights + '\n' + request.getMethod() + '\n' + RoutedPath.of(request) + '\n' + query + '\n')
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
