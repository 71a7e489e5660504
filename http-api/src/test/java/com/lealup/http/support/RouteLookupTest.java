package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPatternParser;

class RouteLookupTest {

    private static final List<String> PATHS = List.of("/v1/customers", "/v1/customers/cus_1", "/v1/customers/cus_1/",
            "/v1/customers/cus_1/contacts", "/v1/%63ustomers/cus_1", "/v1;a=b/customers;c=d/cus_1",
            "/v1/customers/%2F", "/v1/tasks/tsk_1", "/v1/todo/tsk_1", "/v1/files/a/b/c", "/v1/files", "/v1/blobs",
            "/v1/blobs/a/b", "/v1/x", "/v2/customers/cus_1", "/", "");

    @Test
    void aRequestIsRoutedAsSpringRoutesIt() throws Exception {
        RequestMappingHandlerMapping spring = routes(new RequestMappingHandlerMapping());
        RequestMappingHandlerMapping ours = routes(new RouteLookup().getRequestMappingHandlerMapping());

        for (String path : PATHS) {
            for (String method : List.of("GET", "POST", "OPTIONS")) {
                assertThat(handler(ours, method, path)).as(method + " " + path)
                        .isEqualTo(handler(spring, method, path));
            }
        }
        assertThat(handler(ours, "GET", "/v1/%63ustomers/cus_1")).isEqualTo("customer");
        assertThat(handler(ours, "GET", "/v1/files")).isEqualTo("file");
        assertThat(handler(ours, "GET", "/v1/blobs")).isEqualTo("file");
    }

    @Test
    void aPathARouteNamesLiterallyIsNotTakenForAnotherRoutesVariable() throws Exception {
        RequestMappingHandlerMapping spring = routes(new RequestMappingHandlerMapping());
        RequestMappingHandlerMapping ours = routes(new RouteLookup().getRequestMappingHandlerMapping());

        assertThat(handler(spring, "DELETE", "/v1/customers/trash")).isEqualTo("deleteCustomer");
        assertThat(handler(ours, "GET", "/v1/customers/trash")).isEqualTo("trash");
        assertThat(handler(ours, "DELETE", "/v1/customers/cus_1")).isEqualTo("deleteCustomer");
        for (String path : List.of("/v1/customers/trash", "/v1/customers/tr%61sh", "/v1/customers;a=b/trash")) {
            assertThatThrownBy(() -> ours.getHandler(request("DELETE", path))).as(path)
                    .isInstanceOfSatisfying(HttpRequestMethodNotSupportedException.class,
                            e -> assertThat(e.getSupportedHttpMethods()).containsExactly(HttpMethod.GET));
        }

        ours.unregisterMapping(ours.getHandlerMethods().keySet().stream()
                .filter(info -> info.getDirectPaths().contains("/v1/customers/trash")).findFirst().orElseThrow());
        assertThat(handler(ours, "DELETE", "/v1/customers/trash")).isEqualTo("deleteCustomer");
    }

    @Test
    void aPatternsLiteralStartIsItsWholeSegmentsBeforeItsFirstVariableOrWildcard() {
        assertThat(RouteLookup.LiteralStartMapping.literalStart("/v1/customers/{id}/contacts"))
                .isEqualTo("/v1/customers");
        assertThat(RouteLookup.LiteralStartMapping.literalStart("/v1/files/**")).isEqualTo("/v1/files");
        assertThat(RouteLookup.LiteralStartMapping.literalStart("/v1/fil?s")).isEqualTo("/v1");
        assertThat(RouteLookup.LiteralStartMapping.literalStart("/{*path}")).isEqualTo("");
        assertThat(RouteLookup.LiteralStartMapping.literalStart("/v1/customers")).isEqualTo("/v1/customers");
    }

    private static RequestMappingHandlerMapping routes(RequestMappingHandlerMapping mapping) throws Exception {
        RequestMappingInfo.BuilderConfiguration options = new RequestMappingInfo.BuilderConfiguration();
        options.setPatternParser(PathPatternParser.defaultInstance);
        Routes handler = new Routes();
        mapping.registerMapping(RequestMappingInfo.paths("/v1/customers").methods(RequestMethod.GET, RequestMethod.POST)
                .options(options).build(), handler, Routes.class.getMethod("customers"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/customers/{id}").methods(RequestMethod.GET)
                .options(options).build(), handler, Routes.class.getMethod("customer"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/customers/{id}").methods(RequestMethod.DELETE)
                .options(options).build(), handler, Routes.class.getMethod("deleteCustomer"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/customers/trash").methods(RequestMethod.GET)
                .options(options).build(), handler, Routes.class.getMethod("trash"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/customers/{id}/contacts").methods(RequestMethod.POST)
                .options(options).build(), handler, Routes.class.getMethod("contacts"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/tasks/{id}", "/v1/todo/{id}").methods(RequestMethod.GET)
                .options(options).build(), handler, Routes.class.getMethod("task"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/files/**").options(options).build(), handler,
                Routes.class.getMethod("file"));
        mapping.registerMapping(RequestMappingInfo.paths("/v1/blobs/{*rest}").options(options).build(), handler,
                Routes.class.getMethod("file"));
        return mapping;
    }

    private static String handler(RequestMappingHandlerMapping mapping, String method, String path) throws Exception {
        try {
            HandlerExecutionChain chain = mapping.getHandler(request(method, path));
            return chain == null ? "none" : ((HandlerMethod) chain.getHandler()).getMethod().getName();
        } catch (Exception e) {
            return e.getClass().getSimpleName(); // 405 and the like: the same for both
        }
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        ServletRequestPathUtils.parseAndCache(request);
        return request;
    }

    public static final class Routes {
        public void customers() {
        }

        public void customer() {
        }

        public void deleteCustomer() {
        }

        public void trash() {
        }

        public void contacts() {
        }

        public void task() {
        }

        public void file() {
        }
    }
}
