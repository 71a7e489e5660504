package com.lealup.http.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
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
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v1/openapi.json}: bearer auth on every operation, and the problem+json shape
 * of every 4xx/5xx answer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    private static final String BEARER = "bearer";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    static {
        // controllers take the Caller from the authentication filter, not from the request
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI lealUpOpenApi() {
        return new OpenAPI()
                .info(new Info().title("LealUp API").version("v1").description("""
                        The customer-success backend of LealUp. JSON bodies with snake_case fields; errors are \
                        application/problem+json; lists are keyset-paginated (limit, cursor); POSTs accept an \
                        Idempotency-Key; every response carries X-Trace-Id and, when authenticated, X-RateLimit-* \
                        headers. See docs/conventions.md."""))
                .servers(List.of(new Server().url("/").description("This server")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .components(new Components()
                        .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key secret, or the operator token for the operator API")));
    }

    /** Every operation may fail the same ways: say so once for all of them. */
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
                            .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                operation.getResponses().putIfAbsent("4XX", problem("Client error"));
                operation.getResponses().putIfAbsent("5XX", problem("Server error"));
            }));
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                ProblemWriter.PROBLEM_JSON.toString(), new MediaType().schema(new Schema<>().$ref(PROBLEM_REF))));
    }

    /** Schemas of request and response bodies named as Jackson writes them (snake_case), not as the Java fields. */
    @Bean
    ModelResolver snakeCaseModelResolver(ObjectMapper objectMapper) {
        // a copy: ModelResolver installs its annotation introspector into the mapper it gets
        return new ModelResolver(objectMapper.copy());
    }
}
