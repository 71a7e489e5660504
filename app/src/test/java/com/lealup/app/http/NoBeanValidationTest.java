package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

/**
 * Spring MVC validates nothing itself (RequestJson and the controllers check every input, with the API's codes): with a
 * bean validator, which springdoc brings along, it looked up the handler method's validation groups at every request.
 * The handler adapter derives its method validator from the validator its binders get, which must be none.
 */
class NoBeanValidationTest extends ApiTest {

    @Autowired
    private RequestMappingHandlerAdapter handlerAdapter;

    @Test
    void theHandlerAdapterBindsWithoutAValidator() {
        WebDataBinder binder = new WebDataBinder(new CustomerRequestLike("Acme"));

        handlerAdapter.getWebBindingInitializer().initBinder(binder);

        assertThat(binder.getValidators()).isEmpty();
    }

    private record CustomerRequestLike(String name) {
    }
}
