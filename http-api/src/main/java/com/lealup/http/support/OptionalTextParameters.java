package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Resolves an optional {@code @RequestParam String} without a default straight from the request, to what Spring's
 * own resolver gives (the value, several values joined with commas, null when absent) without a data binder per
 * parameter: the eleven of {@code GET /v1/customers} were a tenth of its CPU (a binder each, with its editors).
 * Put first among the handler adapter's resolvers, so that it answers for these; every other parameter (required,
 * with a default, of another type) is left to Spring's resolvers.
 */
@Component
class OptionalTextParameters implements HandlerMethodArgumentResolver, BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter && adapter.getArgumentResolvers() != null) {
            List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(adapter.getArgumentResolvers());
            resolvers.add(0, this);
            adapter.setArgumentResolvers(resolvers);
        }
        return bean;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
        if (annotation == null || parameter.getParameterType() != String.class || annotation.required()
                || !ValueConstants.DEFAULT_NONE.equals(annotation.defaultValue())) {
            return false;
        }
        String name = name(parameter);
        // a name to resolve (a placeholder, an expression) or none to read: Spring's resolver says what it is
        return name != null && !name.isEmpty() && !name.contains("${") && !name.contains("#{");
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                  NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        String[] values = webRequest.getNativeRequest(HttpServletRequest.class).getParameterValues(name(parameter));
        if (values == null) {
            return null;
        }
        return values.length == 1 ? values[0] : String.join(",", values);
    }

    private static String name(MethodParameter parameter) {
        RequestParam annotation = parameter.getParameterAnnotation(RequestParam.class);
        return annotation.name().isEmpty() ? parameter.getParameterName() : annotation.name();
    }
}
