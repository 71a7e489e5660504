package com.lealup.http.support;

import com.lealup.api.StorableText;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Each query parameter an operation declares is given once, as the OpenAPI document describes it, a list as one
 * comma list ({@code ?status=active,trial}). Spring would join a repeated parameter's values with commas, so
 * {@code ?limit=10&limit=20} would be refused as a limit out of range and {@code ?q=a&q=b} would search for
 * {@code a,b}; which value was meant cannot be known: {@code 400 duplicate_parameter}, as a JSON member sent twice is
 * {@code duplicate_field}.
 * <p>
 * A DELETE's options are its query parameters (it takes no body: {@link BodilessOperations}), so it refuses one it
 * does not declare ({@code 400 unknown_parameter}): {@code ?HARD=true} or {@code ?hrad=true} is not a soft delete the
 * client takes for an erasure. Other methods ignore the parameters they do not declare, but for the bulk import, whose
 * query holds the CSV form's options and nothing else ({@code CustomerImportController}, with its own wording for the
 * JSON form).
 * <p>
 * Checked before the handler runs, after the handler is chosen, so before its 403 and 404; only the query string is
 * judged (a form body is refused as a body: {@link BodilessOperations}).
 */
@Component
class QueryParameters implements HandlerInterceptor, WebMvcConfigurer {

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    /** Each handler method's query parameters, found once: the list reads pass here. */
    private final Map<Method, Set<String>> byMethod = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // after BodilessOperations: reading the parameters would consume a form body it must still see
        registry.addInterceptor(this).addPathPatterns("/v1/**").order(1);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method) || request.getQueryString() == null) {
            return true;
        }
        Set<String> declared = byMethod.computeIfAbsent(method.getMethod(), m -> declared(method));
        for (Map.Entry<String, String[]> given : request.getParameterMap().entrySet()) {
            String name = given.getKey();
            boolean known = declared.contains(name);
            if (!known && "DELETE".equals(request.getMethod())) {
                String quoted = StorableText.abbreviated(name);
                throw ApiException.validation(quoted, "unknown_parameter", "'" + quoted + "' is no parameter of this "
                        + "DELETE" + (declared.isEmpty() ? ", which takes none"
                        : "; it takes " + String.join(", ", declared)));
            }
            if (known && given.getValue().length > 1) {
                throw ApiException.validation(name, "duplicate_parameter", name + " is given "
                        + given.getValue().length + " times; it takes one value (a list's items go in one value, "
                        + "separated by commas)");
            }
        }
        return true;
    }

    /** The names of the operation's query parameters, in order. */
    private static Set<String> declared(HandlerMethod method) {
        Set<String> declared = new TreeSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                // as Spring's resolvers do before they read the name, which may not have happened yet
                parameter.initParameterNameDiscovery(PARAMETER_NAMES);
                String name = !param.name().isEmpty() ? param.name()
                        : !param.value().isEmpty() ? param.value() : parameter.getParameterName();
                declared.add(name);
            }
        }
        return Collections.unmodifiableSet(declared);
    }
}
