package com.lealup.http.support.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.customer.ErasedIdempotencyKeys;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The {@code idempotency_key} table: a key is reserved ({@code running}) before its request runs, then holds the
 * response to replay ({@code completed}) until it expires, or only its place ({@code erased}) once a customer its
 * request or response named is erased ({@link #erase}, from the customer's erasure policy). The reservation is an insert that only one of several
 * concurrent requests (on any node) can win. A key is unique within its scope, kept in the column {@code workspace_id}:
 * a workspace's id, or the operator's scope ({@code operator}) for the operator's POSTs.
 */
@Component
public class IdempotencyStore implements ErasedIdempotencyKeys {

    public enum Outcome {
        /** The key is new (or had expired): this request runs. */
        RESERVED,
        /** The key was used with another request (method, path, query or body). */
        REUSED,
        /** The same request is still running. */
        IN_USE,
        /** The same request completed: replay {@link Reservation#response()}. */
        COMPLETED,
        /** The stored response named a customer since erased: it is gone, and the request does not run again. */
        ERASED
    }

    public record StoredResponse(int status, Map<String, String> headers, byte[] body) {
    }

    public record Reservation(Outcome outcome, StoredResponse response) {
    }

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration ttl;
    private final ObjectMapper json;

    public IdempotencyStore(JdbcTemplate jdbc, Clock clock, @Value("${lealup.idempotency.ttl:24h}") Duration ttl, ObjectMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ttl = ttl;
        this.json = json;
    }

    public Reservation reserve(String scope, String key, String requestHash, String method, String path) {
        // a lost race with a request that released or purged the key in between is simply tried again
        for (int attempt = 0; attempt < 3; attempt++) {
            OffsetDateTime now = now();
            int inserted = jdbc.update("""
                    INSERT INTO idempotency_key (workspace_id, idempotency_key, request_hash, method, path, state, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, 'running', ?, ?) ON CONFLICT DO NOTHING""",
                    scope, key, requestHash, method, path, now, now.plus(ttl));
            if (inserted == 1) {
                return new Reservation(Outcome.RESERVED, null);
            }
            List<Reservation> existing = jdbc.query("""
                    SELECT request_hash, state, response_status, response_headers, response_body, expires_at > ? AS live
                    FROM idempotency_key WHERE workspace_id = ? AND idempotency_key = ?""",
                    (row, n) -> row.getBoolean("live") ? existing(row, requestHash) : null,
                    now, scope, key);
            if (!existing.isEmpty() && existing.get(0) != null) {
                return existing.get(0);
            }
            // an expired key counts as new
            jdbc.update("DELETE FROM idempotency_key WHERE workspace_id = ? AND idempotency_key = ? AND expires_at <= ?",
                    scope, key, now);
        }
        return new Reservation(Outcome.IN_USE, null);
    }

    private Reservation existing(ResultSet row, String requestHash) throws SQLException {
        if ("erased".equals(row.getString("state"))) {
            return new Reservation(Outcome.ERASED, null);
        }
        if (!requestHash.equals(row.getString("request_hash"))) {
            return new Reservation(Outcome.REUSED, null);
        }
        if ("running".equals(row.getString("state"))) {
            return new Reservation(Outcome.IN_USE, null);
        }
        return new Reservation(Outcome.COMPLETED, new StoredResponse(row.getInt("response_status"),
                headers(row.getString("response_headers")), row.getBytes("response_body")));
    }

    public void complete(String scope, String key, StoredResponse response) {
        jdbc.update("""
                UPDATE idempotency_key SET state = 'completed', response_status = ?, response_headers = ?::jsonb, response_body = ?
                WHERE workspace_id = ? AND idempotency_key = ?""",
                response.status(), toJson(response.headers()), response.body(), scope, key);
    }

    /** Frees a key whose request failed, so that a retry runs it again. */
    public void release(String scope, String key) {
        jdbc.update("DELETE FROM idempotency_key WHERE workspace_id = ? AND idempotency_key = ? AND state = 'running'",
                scope, key);
    }

    /**
     * The keys whose path or stored response names the customer keep their place without their request's fingerprint
     * and answer: a retry must neither show the erased data nor create the customer again.
     */
    @Override
    public void erase(String workspaceId, String customerId) {
        jdbc.update("""
                UPDATE idempotency_key SET state = 'erased', request_hash = '', response_status = NULL,
                response_headers = NULL, response_body = NULL
                WHERE workspace_id = ?
                AND (position(? in path) > 0 OR position(convert_to(?, 'UTF8') in response_body) > 0)""",
                workspaceId, customerId, customerId);
    }

    @Scheduled(fixedDelay = 10, timeUnit = TimeUnit.MINUTES)
    public void purge() {
        jdbc.update("DELETE FROM idempotency_key WHERE expires_at <= ?", now());
    }

    private OffsetDateTime now() {
        return Instant.now(clock).atOffset(ZoneOffset.UTC);
    }

    private String toJson(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> headers(String stored) {
        try {
            return stored == null ? Map.of() : json.readValue(stored, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
