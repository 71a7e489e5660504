package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;

/**
 * The path of a request as Spring MVC matches it against its routes: within the application, each segment
 * decoded and stripped of its {@code ;parameters}. {@code /v1;x=1/%65vents;y=2} is {@code /v1/events}.
 * <p>
 * Filters that decide by path (authentication, rate-limit class, body limit, idempotency) must use this and
 * never {@code getRequestURI()}: a spelling that the routes accept but the filter does not know would get past it.
 * <p>
 * Parsed once per request (the filters and the route lookup all ask), and again when the request's URI changes (an
 * error dispatch).
 */
public final class RoutedPath {

    private static final String ATTRIBUTE = RoutedPath.class.getName();

    private record Parsed(String uri, String path) {
    }

    private RoutedPath() {
    }

    public static String of(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (request.getAttribute(ATTRIBUTE) instanceof Parsed parsed && parsed.uri().equals(uri)) {
            return parsed.path();
        }
        // the same parsing (and the same segment values) as Spring MVC's PathPattern matching
        String path = RequestPath.parse(uri, request.getContextPath()).pathWithinApplication().elements().stream()
                .map(e -> e instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : e.value())
                .collect(Collectors.joining());
        request.setAttribute(ATTRIBUTE, new Parsed(uri, path));
        return path;
    }
}
