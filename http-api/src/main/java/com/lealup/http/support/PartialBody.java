package com.lealup.http.support;

import java.util.Set;

/**
 * A PATCH body ({@link RequestJson#partial}): the typed values, and the fields sent as an explicit {@code null} (to
 * clear), which a typed record alone cannot tell from absent ones.
 */
public record PartialBody<T>(T value, Set<String> nulls) {
}
