package com.lealup.http.support;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code lealup.http.*}: the request body limit, and per-endpoint overrides keyed {@code "METHOD /exact/path"}
 * (the {@link RoutedPath routed path})
 * (in YAML: {@code "[POST /v1/events]": 10MB}).
 */
@ConfigurationProperties("lealup.http")
record BodyLimitProperties(DataSize maxBodyBytes, Map<String, DataSize> maxBodyBytesByPath) {

    BodyLimitProperties {
        maxBodyBytes = maxBodyBytes == null ? DataSize.ofMegabytes(1) : maxBodyBytes;
        maxBodyBytesByPath = maxBodyBytesByPath == null ? Map.of() : Map.copyOf(maxBodyBytesByPath);
    }

    long limitFor(String method, String path) {
        return maxBodyBytesByPath.getOrDefault(method + " " + path, maxBodyBytes).toBytes();
    }
}
