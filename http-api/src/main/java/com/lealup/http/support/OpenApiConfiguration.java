package com.lealup.http.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The OpenAPI document at {@code /v1/openapi.json}: bearer auth on every operation, the problem+json shape
 * of every 4xx/5xx answer, with the problem types of each ({@link ErrorResponses}, {@link Refusal}), and the 202 of
 * every write marked {@link AcceptedWhenLagging}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";
    private static final String ACCEPTED_REF = "#/components/schemas/Accepted";

    static {
        // controllers take the Caller from the authentication filter, not from the request
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI lealUpOpenApi() {
        return new OpenAPI()
                .info(new Info().title("LealUp API").version("v1").description("""
                        The customer-success backend of LealUp. JSON bodies in UTF-8 with snake_case fields (a GET or DELETE \
                        takes no body: its options are query parameters); errors are \
                        application/problem+json; lists are keyset-paginated (limit, cursor); POSTs accept an \
                        Idempotency-Key; every response carries X-Trace-Id and X-RateLimit-* headers (the limit of the \
                        workspace, of the operator or, without a token, of the client's address). See docs/conventions.md."""))
                .servers(List.of(new Server().url("/").description("This server")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key secret, or the operator token for the operator API")));
    }

    /** The schemas of problems and of {@link Accepted}; then what the controllers cannot say ({@link OpenApiContract}). */
    /** {@code /docs/}, as a reader may type it, goes where {@code /docs} goes (Swagger UI) rather than to a 404. */
    @Bean
    WebMvcConfigurer docsWithATrailingSlash() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addRedirectViewController("/docs/", "/docs");
            }
        };
    }

    @Bean
    GlobalOpenApiCustomizer problemResponses() {
        return openApi -> {
            // added here, not in the OpenAPI bean: springdoc rebuilds the schemas from the controllers
            openApi.getComponents()
                    .addSchemas("FieldError", new ObjectSchema()
                            .addProperty("field", new StringSchema().description("JSON path of the field, e.g. items[0].name"))
                            .addProperty("code", new StringSchema().example("must_be_positive"))
                            .addProperty("message", new StringSchema()))
                    .addSchemas("Problem", new ObjectSchema()
                            .description("An error (RFC 9457), served as application/problem+json")
                            .addProperty("type", new StringSchema().example(ProblemWriter.TYPE_BASE + "validation_error"))
                            .addProperty("title", new StringSchema())
                            .addProperty("status", new IntegerSchema())
                            .addProperty("detail", new StringSchema())
                            .addProperty("instance", new StringSchema().description("The request path"))
                            .addProperty("trace_id", new StringSchema().description("Also sent as X-Trace-Id"))
                            .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))))
                    .addSchemas("Accepted", accepted());
            if (openApi.getPaths() == null) {
                return;
            }
            OpenApiContract.complete(openApi);
        };
    }

    /** The body of a lagging write's 202 ({@link Accepted}). */
    private static Schema<?> accepted() {
        Schema<?> accepted = new ObjectSchema()
                .description("A stored write whose read model does not show it yet: GET its Location shortly")
                .addProperty("id", new StringSchema().description("The resource the write made or changed"))
                .addProperty("version", new IntegerSchema().format("int64")
                        .description("The version the write produced (the ETag an If-Match names)"))
                .addProperty("status", new StringSchema()._enum(List.of(Accepted.STATUS)))
                .addProperty("secret", new StringSchema()
                        .description("Only when the write issued a secret (an API key): shown this once"));
        // set, not example(): ObjectSchema.example would take the node for its text
        accepted.setExample(JsonNodeFactory.instance.objectNode().put("id", "cus_01JD3K4Z5X6Y7W8V9T0S1R2Q3P")
                .put("version", 8).put("status", Accepted.STATUS));
        return accepted;
    }

    /** The 202 of a write whose read model lags: its resource in Location, {@link Accepted} as body. */
    @Bean
    OperationCustomizer acceptedWhenLagging() {
        return (operation, handler) -> {
            AcceptedWhenLagging lagging = handler.getMethodAnnotation(AcceptedWhenLagging.class);
            if (lagging != null) {
                operation.getResponses().addApiResponse("202", new ApiResponse()
                        .description("Stored, but its read model does not show it yet (past the read-your-writes "
                                + "timeout" + (lagging.alsoWhen().isEmpty() ? "" : "; or " + lagging.alsoWhen())
                                + "); GET the Location shortly")
                        .addHeaderObject(HttpHeaders.LOCATION, new Header().description("The resource's URL")
                                .schema(new StringSchema()))
                        .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                new MediaType().schema(new Schema<>().$ref(ACCEPTED_REF)))));
            }
            return operation;
        };
    }

    /** Marks the operations that answer an ETag, for {@link OpenApiContract} to declare it with its 304. */
    @Bean
    OperationCustomizer answersETag() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(AnswersETag.class)) {
                operation.addExtension(OpenApiContract.ANSWERS_ETAG, true);
            }
            return operation;
        };
    }

    /** Hands each endpoint's {@link Refusal}s to {@link ErrorResponses}, which lists them with the generic errors. */
    @Bean
    OperationCustomizer refusals() {
        return (operation, handler) -> {
            Set<Refusal> refusals = AnnotatedElementUtils.findMergedRepeatableAnnotations(handler.getMethod(),
                    Refusal.class);
            if (!refusals.isEmpty()) {
                operation.addExtension(ErrorResponses.REFUSALS, List.copyOf(refusals));
            }
            return operation;
        };
    }

    /** Schemas of request and response bodies as Jackson writes them (see {@link ApiModelResolver}). */
    @Bean
    ModelResolver apiModelResolver(ObjectMapper objectMapper) {
        return new ApiModelResolver(objectMapper);
    }

}
