package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RoutedPathTest {

    @Test
    void pathParametersAndEncodingAreWhatSpringMvcRoutesWithout() {
        assertThat(routed("/v1/events")).isEqualTo("/v1/events");
        assertThat(routed("/v1/events;x=1")).isEqualTo("/v1/events");
        assertThat(routed("/v1;a=b/events;x=1;y=2")).isEqualTo("/v1/events");
        assertThat(routed("/v1/%65vents")).isEqualTo("/v1/events");
        assertThat(routed("/v1/customers/bulk-import;jsessionid=1")).isEqualTo("/v1/customers/bulk-import");
    }

    @Test
    void whatSpringMvcTellsApartStaysApart() {
        assertThat(routed("/v1/events/")).isEqualTo("/v1/events/");
        assertThat(routed("/v1//events")).isEqualTo("/v1//events");
    }

    @Test
    void theContextPathIsNotPartOfIt() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events;x=1");
        request.setContextPath("/api");

        assertThat(RoutedPath.of(request)).isEqualTo("/v1/events");
    }

    private static String routed(String uri) {
        return RoutedPath.of(new MockHttpServletRequest("GET", uri));
    }

    @Test
    void anErrorDispatchOfTheSameRequestIsParsedAgain() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/events;x=1");
        assertThat(RoutedPath.of(request)).isEqualTo("/v1/events");

        request.setRequestURI("/error");

        assertThat(RoutedPath.of(request)).isEqualTo("/error");
    }
}
