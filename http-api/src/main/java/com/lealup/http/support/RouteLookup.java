package com.lealup.http.support;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcRegistrations;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * Spring MVC's route lookup with one shortcut. A request whose path equals no route's path (any path with a variable,
 * {@code /v1/customers/{id}}) is tried against every route, each try checking the method, the CORS pre-flight headers
 * and the parameters through the request's wrappers before the path: with 90 routes, an eighth of a read's request
 * thread. A route is now set aside at once when the literal start of its path pattern (its whole segments before the
 * first variable or wildcard: {@code /v1/customers} of {@code /v1/customers/{id}}) is not the start of the request's
 * {@link RoutedPath} (the decoded segments Spring matches literals against), since its pattern cannot match; every
 * other route is tried exactly as Spring does. The same holds for the routes Spring tries again, path only, when none
 * matched (to answer 405, 406 or 415 rather than 404).
 * <p>
 * A path that a route names literally belongs to the routes naming it: {@code DELETE /v1/customers/trash} is a 405
 * with {@code Allow: GET, HEAD, OPTIONS} (the trash's methods), not a delete of a customer whose id is
 * {@code trash}, which Spring would try once the literal route's methods did not match. An OPTIONS request lists the
 * same methods.
 * <p>
 * The routes are looked up before the actuator's endpoints ({@code /actuator/**}, a mapping of order -100 that
 * otherwise tried each of its endpoints' conditions, and then again path only, for every API request). No route of
 * the API shares a path with an actuator endpoint, so the order decides nothing but the cost.
 */
@Component
class RouteLookup implements WebMvcRegistrations {

    @Override
    public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new LiteralStartMapping();
    }

    static final class LiteralStartMapping extends RequestMappingHandlerMapping {

        /** Before the actuator's endpoint mappings (-100). */
        static final int ORDER = -200;

        private final Map<RequestMappingInfo, String[]> literalStarts = new ConcurrentHashMap<>();

        /** Each path some route names literally (no variable, no wildcard), with the routes naming it. */
        private final Map<String, Set<RequestMappingInfo>> literalPaths = new ConcurrentHashMap<>();

        @Override
        public int getOrder() {
            return ORDER;
        }

        @Override
        protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
            return mayMatch(info, RoutedPath.of(request)) ? super.getMatchingMapping(info, request) : null;
        }

        @Override
        public void registerMapping(RequestMappingInfo mapping, Object handler, Method method) {
            super.registerMapping(mapping, handler, method);
            nameLiterally(mapping);
        }

        @Override
        protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
            super.registerHandlerMethod(handler, method, mapping);
            nameLiterally(mapping);
        }

        @Override
        public void unregisterMapping(RequestMappingInfo mapping) {
            super.unregisterMapping(mapping);
            literalStarts.remove(mapping);
            literalPaths.values().forEach(routes -> routes.remove(mapping));
            literalPaths.values().removeIf(Set::isEmpty);
        }

        private void nameLiterally(RequestMappingInfo mapping) {
            for (String path : mapping.getDirectPaths()) {
                literalPaths.computeIfAbsent(path, p -> ConcurrentHashMap.newKeySet()).add(mapping);
            }
        }

        @Override
        protected HandlerMethod handleNoMatch(Set<RequestMappingInfo> infos, String lookupPath,
                                              HttpServletRequest request) throws ServletException {
            String path = RoutedPath.of(request);
            return super.handleNoMatch(infos.stream().filter(info -> mayMatch(info, path)).collect(Collectors.toSet()),
                    lookupPath, request);
        }

        private boolean mayMatch(RequestMappingInfo info, String path) {
            Set<RequestMappingInfo> naming = literalPaths.get(path);
            if (naming != null) {
                return naming.contains(info);
            }
            String[] starts = literalStarts.get(info);
            if (starts == null) {
                starts = literalStarts.computeIfAbsent(info, LiteralStartMapping::literalStarts);
            }
            for (String start : starts) {
                if (path.startsWith(start)) {
                    return true;
                }
            }
            return false;
        }

        /** Each path pattern's literal start; "" (any path) without path patterns. */
        static String[] literalStarts(RequestMappingInfo info) {
            PathPatternsRequestCondition patterns = info.getPathPatternsCondition();
            if (patterns == null) {
                return new String[] {""};
            }
            return patterns.getPatterns().stream().map(PathPattern::getPatternString)
                    .map(LiteralStartMapping::literalStart).toArray(String[]::new);
        }

        /**
         * The pattern's whole segments before its first variable or wildcard, without the separator after them: a
         * {@code /**} or {@code {*rest}} also matches the path that ends there ({@code /v1/files} for
         * {@code /v1/files/**}).
         */
        static String literalStart(String pattern) {
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '{' || c == '*' || c == '?') {
                    return pattern.substring(0, Math.max(0, pattern.lastIndexOf('/', i)));
                }
            }
            return pattern;
        }
    }
}
