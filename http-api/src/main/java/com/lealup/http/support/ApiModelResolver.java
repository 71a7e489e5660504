package com.lealup.http.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Schemas as Jackson writes the records, not as swagger guesses them:
 * <ul>
 *   <li>names in snake_case (the application's naming strategy);</li>
 *   <li>a property is {@code nullable} only when its record component is {@code @Nullable}: the API test suite
 *       validates every response against the document ({@code ApiContract}), so a null the document does not
 *       allow fails a test;</li>
 *   <li>the properties Jackson always writes (no {@code @JsonInclude(NON_NULL)}) are listed in
 *       {@link #ALWAYS_WRITTEN}; {@link OpenApiConfiguration} makes them {@code required} in the schemas of
 *       responses (a request's required fields are its own);</li>
 *   <li>{@code Object} is any JSON value (event properties, a playbook run's snapshot); marked {@link JsonScalar}
 *       (custom field values, signal values) a string, number or boolean, and a {@code Map<String, Object>} so
 *       marked a map of them;</li>
 *   <li>a {@link RenderedJson RenderedJson&lt;T&gt;} is a {@code T}, in its schema and in the names of the schemas
 *       that hold it ({@code Page<RenderedJson<T>>} is named as {@code Page<T>}).</li>
 * </ul>
 */
class ApiModelResolver extends ModelResolver {

    /** Extension carrying the always-written properties to {@link OpenApiConfiguration}, which removes it. */
    static final String ALWAYS_WRITTEN = "x-always-written";
    private static final String REF_PREFIX = "#/components/schemas/";

    ApiModelResolver(ObjectMapper objectMapper) {
        // a copy: ModelResolver installs its annotation introspector into the mapper it gets
        super(objectMapper.copy(), new RenderedAsItsType());
    }

    @Override
    public Schema resolve(AnnotatedType annotatedType, ModelConverterContext context, Iterator<ModelConverter> next) {
        JavaType type = _mapper.constructType(annotatedType.getType());
        if (type.getRawClass() == Object.class) {
            return anyValue();
        }
        if (type.getRawClass() == RenderedJson.class) {
            // as the member it stands for: a map (custom fields) resolves only as a property
            return context.resolve(new AnnotatedType(type.containedType(0))
                    .resolveAsRef(annotatedType.isResolveAsRef())
                    .ctxAnnotations(annotatedType.getCtxAnnotations())
                    .jsonViewAnnotation(annotatedType.getJsonViewAnnotation())
                    .schemaProperty(annotatedType.isSchemaProperty()).propertyName(annotatedType.getPropertyName())
                    .parent(annotatedType.getParent()).name(annotatedType.getName())
                    .skipSchemaName(annotatedType.isSkipSchemaName()).skipOverride(annotatedType.isSkipOverride()));
        }
        Schema<?> schema = super.resolve(annotatedType, context, next);
        if (schema == null || !type.getRawClass().getName().startsWith("com.lealup.")
                || type.isEnumType() || type.isContainerType()) {
            return schema;
        }
        Schema<?> model = schema.get$ref() != null && schema.get$ref().startsWith(REF_PREFIX)
                ? context.getDefinedModels().get(schema.get$ref().substring(REF_PREFIX.length())) : schema;
        if (model != null && model.getProperties() != null) {
            List<String> always = new ArrayList<>();
            describe(type, model, always);
            model.addExtension(ALWAYS_WRITTEN, always);
        }
        return schema;
    }

    private void describe(JavaType type, Schema<?> model, List<String> always) {
        BeanDescription bean = _mapper.getSerializationConfig().introspect(type);
        JsonInclude.Include classInclusion = bean.findPropertyInclusion(JsonInclude.Value.empty()).getValueInclusion();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getPrimaryMember() != null && property.getPrimaryMember().hasAnnotation(JsonUnwrapped.class)) {
                describe(property.getPrimaryType(), model, always);
                continue;
            }
            Schema<?> schema = model.getProperties().get(property.getName());
            if (schema == null) {
                continue;
            }
            JsonInclude.Include inclusion = property.findInclusion().getValueInclusion();
            if (inclusion == JsonInclude.Include.USE_DEFAULTS) {
                inclusion = classInclusion;
            }
            if (inclusion == JsonInclude.Include.ALWAYS || inclusion == JsonInclude.Include.USE_DEFAULTS) {
                always.add(property.getName());
            }
            JavaType propertyType = property.getPrimaryType();
            if (propertyType.getRawClass() == RenderedJson.class) {
                propertyType = propertyType.containedType(0);
            }
            JsonScalar scalar = scalar(property);
            if (propertyType.isMapLikeType() && propertyType.getContentType().getRawClass() == Object.class) {
                schema.setAdditionalProperties(scalar != null ? scalar(scalar.maxLength()) : anyValue());
            } else if (propertyType.getRawClass() == Object.class) {
                String description = schema.getDescription();
                schema = scalar != null ? scalar(scalar.maxLength()) : anyValue();
                schema.name(property.getName());
                if (description != null && !description.equals(anyValue().getDescription())) {
                    // the member's own description; not the one swagger took from Object, "Any JSON value"
                    schema.description(description);
                }
                model.getProperties().put(property.getName(), schema);
            }
            if (annotated(property, "Nullable")) {
                model.getProperties().put(property.getName(), nullable(schema));
            }
        }
    }

    /**
     * OpenAPI 3.0 ignores the siblings of a $ref, and nullable applies only beside a type: a nullable reference is
     * the reference or null ({@code anyOf}, the second a schema that only null matches).
     */
    private static Schema<?> nullable(Schema<?> schema) {
        if (schema.getAnyOf() != null) {
            // a scalar: null matches each alternative (a reference made nullable already has its null alternative)
            schema.getAnyOf().stream().filter(alternative -> alternative.get$ref() == null)
                    .forEach(alternative -> alternative.setNullable(true));
            return schema;
        }
        if (schema.get$ref() == null) {
            return schema.nullable(true);
        }
        Schema<Object> onlyNull = new ObjectSchema().nullable(true);
        onlyNull.setEnum(java.util.Collections.singletonList(null));
        // named: swagger copies the members of an @JsonUnwrapped record by their schema's name
        return new ComposedSchema().anyOf(List.of(new Schema<>().$ref(schema.get$ref()), onlyNull))
                .name(schema.getName()).description(schema.getDescription());
    }

    /** By simple name, so that records of shared-api, which has no Spring, may use their own {@code @Nullable}. */
    private static boolean annotated(BeanPropertyDefinition property, String simpleName) {
        return Stream.of(property.getField(), property.getGetter(), property.getConstructorParameter())
                .filter(member -> member != null)
                .flatMap(member -> StreamSupport.stream(((Annotated) member).annotations().spliterator(), false))
                .anyMatch(annotation -> annotation.annotationType().getSimpleName().equals(simpleName));
    }

    /** Names a {@link RenderedJson} as the type it renders. */
    private static final class RenderedAsItsType extends TypeNameResolver {

        @Override
        public String nameForType(JavaType type, Set<Options> options) {
            return super.nameForType(type.getRawClass() == RenderedJson.class ? type.containedType(0) : type, options);
        }
    }

    /** Any JSON value: no type (an event's properties may nest objects, a signal of health may be an object). */
    static Schema<Object> anyValue() {
        return new Schema<>().description("Any JSON value");
    }

    private static JsonScalar scalar(BeanPropertyDefinition property) {
        return Stream.of(property.getField(), property.getGetter(), property.getConstructorParameter())
                .filter(member -> member != null).map(member -> member.getAnnotation(JsonScalar.class))
                .filter(annotation -> annotation != null).findFirst().orElse(null);
    }

    /** A JSON scalar: what custom fields and playbook values hold; its strings at most {@code maxLength} if above 0. */
    static Schema<Object> scalar(int maxLength) {
        StringSchema text = new StringSchema();
        if (maxLength > 0) {
            text.maxLength(maxLength);
        }
        return new ComposedSchema()
                .anyOf(List.of(text, new NumberSchema(), new BooleanSchema()))
                .description("A string, number or boolean");
    }
}
