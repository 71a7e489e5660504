package com.lealup.http.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lealup.api.StorableText;
import org.springframework.lang.Nullable;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Keyset pagination: {@code limit} (default 50, max 200) and an opaque {@code cursor}, the base64url of the
 * sort-key values of the last row served. Query handlers take the decoded position and return one row
 * more than asked, which tells {@code has_more}.
 */
public final class Pagination {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    /**
     * A cursor is one JSON value, each member once: a forged one with more after it, or a member twice, is refused like
     * any other.
     */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Pagination() {
    }

    /** The response envelope of every list. */
    public record Page<T>(List<T> data, @JsonProperty("next_cursor") @Nullable String nextCursor,
                          @JsonProperty("has_more") boolean hasMore) {

        public <U> Page<U> map(java.util.function.Function<T, U> mapper) {
            return new Page<>(data.stream().map(mapper).toList(), nextCursor, hasMore);
        }
    }

    /** The page size: {@code limit} absent is the default; {@code limit=} (blank) is no integer, 400 as any other. */
    public static int limit(String raw) {
        return raw == null ? DEFAULT_LIMIT : QueryNumbers.within("limit", raw, 1, MAX_LIMIT);
    }

    /**
     * The position of a cursor that {@code belongs} to the list asking, or an empty map for the first page (no
     * cursor). A cursor the API did not issue is 400, rather than a query on garbage or silently the first page:
     * {@code cursor=} (empty), anything but a JSON object of strings, or one of another list or sort, or tampered with.
     */
    public static Map<String, String> decode(String cursor, Predicate<Map<String, String>> belongs) {
        if (cursor == null) {
            return Map.of();
        }
        Map<String, String> position = position(cursor);
        if (position == null) {
            throw ApiException.validation("cursor", "invalid_cursor", "cursor is not a cursor this API issued");
        }
        if (!belongs.test(position)) {
            throw ApiException.validation("cursor", "invalid_cursor", "cursor does not belong to this list");
        }
        return position;
    }

    /** What {@link #encode} wrote: a non-empty object of strings (or nulls: no renewal date to sort by); else null. */
    private static Map<String, String> position(String cursor) {
        JsonNode json;
        try {
            json = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
        } catch (IllegalArgumentException | IOException notACursor) {
            return null;
        }
        if (json == null || !json.isObject() || json.isEmpty()) {
            return null;
        }
        Map<String, String> position = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            JsonNode value = member.getValue();
            // a forged cursor is a query parameter like any other: what no column holds never reaches a query
            if (!value.isNull() && !(value.isTextual() && StorableText.unstorableAt(value.textValue()) < 0)) {
                return null;
            }
            position.put(member.getKey(), value.textValue());
        }
        return position;
    }

    /** A position of exactly {@code members}, none of them null: what a list that writes those members issued. */
    public static Predicate<Map<String, String>> exactly(String... members) {
        Set<String> expected = Set.of(members);
        return position -> position.keySet().equals(expected) && !position.containsValue(null);
    }

    /** A position of one member, {@code id}, an id with {@code prefix}: the cursor of a list ordered by id. */
    public static Predicate<Map<String, String>> byId(String prefix) {
        return exactly("id").and(position -> Ids.looksLike(prefix, position.get("id")));
    }

    /** A position of {@code name} and {@code id}, an id with {@code prefix}: the cursor of a list ordered by name. */
    public static Predicate<Map<String, String>> byNameAndId(String prefix) {
        return exactly("name", "id").and(position -> Ids.looksLike(prefix, position.get("id")));
    }

    public static String encode(Map<String, String> position) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsString(position)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Builds the page from {@code rows} fetched with {@code limit + 1}: the extra row only says there is more.
     */
    public static <T> Page<T> page(List<T> rows, int limit, java.util.function.Function<T, Map<String, String>> positionOf) {
        boolean hasMore = rows.size() > limit;
        List<T> data = hasMore ? rows.subList(0, limit) : rows;
        String next = hasMore ? encode(positionOf.apply(data.get(data.size() - 1))) : null;
        return new Page<>(List.copyOf(data), next, hasMore);
    }
}
