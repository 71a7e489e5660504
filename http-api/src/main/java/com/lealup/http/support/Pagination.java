package com.lealup.http.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.lang.Nullable;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Keyset pagination: {@code limit} (default 50, max 200) and an opaque {@code cursor}, the base64url of the
 * sort-key values of the last row served. Query handlers take the decoded position and return one row
 * more than asked, which tells {@code has_more}.
 */
public final class Pagination {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

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
        if (raw == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.validation("limit", "out_of_range", "limit must be an integer between 1 and " + MAX_LIMIT);
    }

    /** The position a cursor stands for, or an empty map for the first page; a cursor we did not issue is 400. */
    public static Map<String, String> decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Map.of();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor);
            Map<String, String> position = JSON.readValue(json, new TypeReference<Map<String, String>>() { });
            // a forged cursor is a query parameter like any other: what no column holds never reaches a query
            if (position.values().stream().allMatch(v -> v == null || StorableText.unstorableAt(v) < 0)) {
                return position;
            }
        } catch (Exception e) {
            // answered below
        }
        throw ApiException.validation("cursor", "invalid_cursor", "cursor is not a cursor this API issued");
    }

    /**
     * The position of a cursor that {@code belongs} to the list asking (a cursor of another list or sort, or
     * one tampered with, is 400 rather than a query on garbage).
     */
    public static Map<String, String> decode(String cursor, java.util.function.Predicate<Map<String, String>> belongs) {
        Map<String, String> position = decode(cursor);
        if (!position.isEmpty() && !belongs.test(position)) {
            throw ApiException.validation("cursor", "invalid_cursor", "cursor does not belong to this list");
        }
        return position;
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
