package com.lealup.http.support;

import java.beans.PropertyEditorSupport;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebBindingInitializer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Query parameters (and any other request value bound as one) typed boolean take {@code true} or {@code false}
 * only, exactly: Spring's editors also take yes, on and 1, and even one made for true and false ignores case and
 * blanks, so {@code hard=True} erased a customer where {@code hard=yes} was refused. A boolean parameter is a
 * {@code Boolean}, null when absent, as a {@code defaultValue} would stand in for an empty one. The editors are set
 * by the handler adapter's binding initializer, after Spring's own, so they hold for every controller: an
 * {@code @InitBinder} method of a controller advice would do the same, but Spring builds a handler method of it for
 * every request (its description, its parameters), a few percent of a request's CPU.
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
                // an editor holds the value it converts: one per binder
                binder.registerCustomEditor(boolean.class, new ExactBoolean());
                binder.registerCustomEditor(Boolean.class, new ExactBoolean());
            });
        }
        return bean;
    }

    /** {@code true} or {@code false} as written; anything else is a type mismatch (400 invalid_type, named). */
    static final class ExactBoolean extends PropertyEditorSupport {

        @Override
        public void setAsText(String text) {
            if ("true".equals(text)) {
                setValue(Boolean.TRUE);
            } else if ("false".equals(text)) {
                setValue(Boolean.FALSE);
            } else {
                throw new IllegalArgumentException("Not a boolean: true or false");
            }
        }

        @Override
        public String getAsText() {
            return getValue() == null ? "" : getValue().toString();
        }
    }
}
