package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.annotation.RequestParamMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;

/** Every boolean a handler binds, of either type, is true or false exactly, whichever controller declares it. */
class StrictBooleansTest {

    private final RequestParamMethodArgumentResolver resolver = new RequestParamMethodArgumentResolver(false);
    private final ServletRequestDataBinderFactory binders = binders();

    @SuppressWarnings("unused")
    void handler(@RequestParam(required = false) Boolean hard, @RequestParam boolean flag) {
    }

    @Test
    void takesTrueAndFalseAsWritten() throws Exception {
        for (int index : new int[] {0, 1}) {
            assertThat(resolve(index, "true")).isEqualTo(Boolean.TRUE);
            assertThat(resolve(index, "false")).isEqualTo(Boolean.FALSE);
        }
        assertThat(resolve(0, null)).as("absent").isNull();
    }

    @Test
    void refusesEverythingElseAsATypeMismatch() {
        for (int index : new int[] {0, 1}) {
            for (String lenient : List.of("True", "TRUE", "False", " true", "true ", "yes", "on", "1", "0", "")) {
                assertThatThrownBy(() -> resolve(index, lenient)).as("%d: '%s'", index, lenient)
                        .isInstanceOf(MethodArgumentTypeMismatchException.class);
            }
        }
    }

    private Object resolve(int index, String value) throws Exception {
        MethodParameter parameter = parameter(index);
        MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/v1/customers/x");
        if (value != null) {
            request.addParameter(parameter.getParameterName(), value);
        }
        return resolver.resolveArgument(parameter, null, new ServletWebRequest(request), binders);
    }

    /** The binders of a handler adapter configured as Spring Boot configures it, then by {@link StrictBooleans}. */
    private static ServletRequestDataBinderFactory binders() {
        ConfigurableWebBindingInitializer spring = new ConfigurableWebBindingInitializer();
        spring.setConversionService(new DefaultFormattingConversionService());
        RequestMappingHandlerAdapter adapter = new RequestMappingHandlerAdapter();
        adapter.setWebBindingInitializer(spring);
        new StrictBooleans().postProcessAfterInitialization(adapter, "requestMappingHandlerAdapter");
        return new ServletRequestDataBinderFactory(List.of(), adapter.getWebBindingInitializer());
    }

    private static MethodParameter parameter(int index) throws NoSuchMethodException {
        Method method = StrictBooleansTest.class.getDeclaredMethod("handler", Boolean.class, boolean.class);
        MethodParameter parameter = new MethodParameter(method, index);
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        return parameter;
    }
}
