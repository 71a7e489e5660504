package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.format.support.DefaultFormattingConversionService;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.ConfigurableWebBindingInitializer;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.annotation.RequestParamMethodArgumentResolver;
import org.springframework.web.servlet.mvc.method.annotation.ServletRequestDataBinderFactory;
import org.junit.jupiter.api.Test;

/** Gives what Spring's own resolver gives for the parameters it takes, and leaves the others to Spring's. */
class OptionalTextParametersTest {

    private final OptionalTextParameters fast = new OptionalTextParameters();
    private final RequestParamMethodArgumentResolver spring = new RequestParamMethodArgumentResolver(false);

    @SuppressWarnings("unused")
    void handler(@RequestParam(required = false) String status, @RequestParam(name = "owner_id", required = false) String owner,
                 @RequestParam String required, @RequestParam(required = false, defaultValue = "x") String defaulted,
                 @RequestParam(required = false) Boolean hard) {
    }

    @Test
    void answersAsSpringForOptionalTextWithoutDefault() throws Exception {
        ConfigurableWebBindingInitializer initializer = new ConfigurableWebBindingInitializer();
        initializer.setConversionService(new DefaultFormattingConversionService());
        ServletRequestDataBinderFactory binders = new ServletRequestDataBinderFactory(List.of(), initializer);
        for (String[] values : List.of(new String[0], new String[] {"active"}, new String[] {""},
                new String[] {"active", "trial"}, new String[] {"a,b", "", "c"})) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/customers");
            if (values.length > 0) {
                request.addParameter("status", values);
                request.addParameter("owner_id", values);
            }
            ServletWebRequest web = new ServletWebRequest(request);
            for (int index : new int[] {0, 1}) {
                MethodParameter parameter = parameter(index);
                assertThat(fast.supportsParameter(parameter)).isTrue();
                assertThat(fast.resolveArgument(parameter, null, web, binders)).as(String.join("|", values))
                        .isEqualTo(spring.resolveArgument(parameter, null, web, binders));
            }
        }
        for (int index : new int[] {2, 3, 4}) {
            assertThat(fast.supportsParameter(parameter(index))).as("parameter %d", index).isFalse();
        }
    }

    private static MethodParameter parameter(int index) throws NoSuchMethodException {
        Method method = OptionalTextParametersTest.class.getDeclaredMethod("handler", String.class, String.class,
                String.class, String.class, Boolean.class);
        MethodParameter parameter = new MethodParameter(method, index);
        parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
        return parameter;
    }
}
