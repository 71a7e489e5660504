package com.lealup.http.support;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.propertyeditors.CustomBooleanEditor;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebBindingInitializer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Query parameters typed boolean take {@code true} or {@code false} only: Spring's editors also take yes, on and 1
 * (and their fallback would undo a converter's no); a boolean parameter is a {@code Boolean}, null when absent, as a
 * {@code defaultValue} would stand in for an empty one. The editors are set by the handler adapter's binding
 * initializer, after Spring's own: an {@code @InitBinder} method of a controller advice would do the same, but Spring
 * builds a handler method of it for every request (its description, its parameters), a few percent of a request's CPU.
 */
@Component
class StrictBooleans implements BeanPostProcessor {

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof RequestMappingHandlerAdapter adapter) {
            WebBindingInitializer spring = adapter.getWebBindingInitializer();
            adapter.setWebBindingInitializer(binder -> {
                if (spring != null) {
                    spring.initBinder(binder);
                }
                binder.registerCustomEditor(boolean.class, new CustomBooleanEditor("true", "false", false));
                binder.registerCustomEditor(Boolean.class, new CustomBooleanEditor("true", "false", false));
            });
        }
        return bean;
    }
}
