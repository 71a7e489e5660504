package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.lealup.api.UtcTimestamps;
import java.io.ByteArrayInputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.stereotype.Component;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * How request bodies are read, for every endpoint: the application's JSON settings (snake_case, unknown fields
 * refused) made strict. A value of the wrong JSON type is a 400 {@code invalid_type}, never coerced: a string where a
 * number or boolean is expected ({@code "arr": "100"}), a number or boolean where a string is
 * ({@code "name": 123}), a fraction where an integer is ({@code "cooldown_days": 1.5}), anything but a string where a
 * date or time is ({@code "renewal_date": 20000}). Dates and times are ISO 8601 within years 0001-9999
 * ({@link Dates}). Decimals are read exactly ({@code BigDecimal}), so {@code 1e400} is a number to bound, not
 * infinity. A body is one JSON value (nothing after it) whose objects name each member once.
 * <p>
 * Query parameters typed boolean take {@code true} or {@code false} only, as written: not Spring's {@code yes},
 * {@code on}, {@code 1} or {@code True}, nor an empty value ({@code hard=}): absent is the only way to the default
 * ({@link StrictBooleans}).
 * <p>
 * Only requests: the events, the read models and outgoing calls keep the application's own ObjectMapper, which must
 * go on reading whatever was stored before these rules.
 */
@Component
public class RequestJson implements WebMvcConfigurer {

    private final ObjectMapper json;
    private final MappingJackson2HttpMessageConverter converter;

    RequestJson(ObjectMapper objectMapper) {
        this.json = strict(objectMapper.copy());
        this.converter = new Utf8Converter(json);
    }

    /**
     * A parser over the bytes of a body (or its first bytes) that reads them as UTF-8, a UTF-8 byte order mark
     * included. JSON bodies are UTF-8 (RFC 8259) on every endpoint, {@code POST /v1/events} and its own parser
     * included: a body Jackson detects as UTF-16 or UTF-32 (by a byte order mark or zero bytes among its first four)
     * is {@code 400 malformed_json}.
     */
    public static JsonParser utf8Parser(JsonFactory factory, byte[] body) throws IOException {
        JsonParser parser;
        try {
            parser = factory.createParser(body);
        } catch (CharConversionException unusualUcs4) {
            throw notUtf8();
        }
        if (parser.currentLocation().getByteOffset() < 0) { // Jackson decodes UTF-16 and UTF-32 to chars first
            parser.close();
            throw notUtf8();
        }
        return parser;
    }

    private static ApiException notUtf8() {
        return ApiException.malformedJson("The request body must be JSON in UTF-8");
    }

    /**
     * Reads every body as UTF-8, as {@code POST /v1/events} does: a {@code charset} parameter has no effect on JSON
     * (RFC 8259, section 11), so Spring's decoding by it (ISO-8859-1, UTF-16...) is not applied, and a body in UTF-16
     * or UTF-32 is refused ({@link #utf8Parser}) before Jackson would read it.
     */
    private static final class Utf8Converter extends MappingJackson2HttpMessageConverter {

        private static final JsonFactory DETECTION = new JsonFactory();
        /** Jackson tells an encoding by the first four bytes at most */
        private static final int DETECTED_BY = 4;
        /** How Jackson's message starts when a member's name is past its limit. */
        private static final String NAME_TOO_LONG = "Name length";

        Utf8Converter(ObjectMapper json) {
            super(json);
        }

        @Override
        protected Charset getCharset(MediaType contentType) {
            return StandardCharsets.UTF_8;
        }

        @Override
        public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
            byte[] body = utf8(input);
            try {
                return super.read(type, contextClass, message(body, input));
            } catch (HttpMessageNotReadableException e) {
                if (!nameBeyondTheLimit(e)) {
                    throw e;
                }
                return new Utf8Converter(withLongNames(getObjectMapper(), body.length))
                        .read(type, contextClass, message(body, input));
            }
        }

        @Override
        protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
            return read(type, null, input);
        }

        /**
         * Whether Jackson stopped at a member's name longer than its limit (50,000 characters), which is there for a
         * factory whose table of names every request shares. No member of a body has such a name, so it is an unknown
         * field (or a custom field's key of the wrong format), as a shorter one is: the body is read again by a
         * factory of its own, bounded by the body, whose names go with it ({@code POST /v1/events} does the same).
         */
        private static boolean nameBeyondTheLimit(HttpMessageNotReadableException e) {
            return NestedExceptionUtils.getMostSpecificCause(e) instanceof StreamConstraintsException beyond
                    && beyond.getOriginalMessage() != null && beyond.getOriginalMessage().startsWith(NAME_TOO_LONG);
        }

        private static ObjectMapper withLongNames(ObjectMapper json, int maxNameLength) {
            return json.copyWith(json.getFactory().rebuild()
                    .streamReadConstraints(json.getFactory().streamReadConstraints().rebuild()
                            .maxNameLength(maxNameLength).build())
                    .build());
        }

        /** The body's bytes, refused unless UTF-8 by its first bytes. */
        private static byte[] utf8(HttpInputMessage input) throws IOException {
            byte[] body = input.getBody().readAllBytes();
            if (body.length > 0) {
                utf8Parser(DETECTION, Arrays.copyOf(body, Math.min(body.length, DETECTED_BY))).close();
            }
            return body;
        }

        private static HttpInputMessage message(byte[] body, HttpInputMessage input) {
            return new HttpInputMessage() {
                @Override
                public InputStream getBody() {
                    return new ByteArrayInputStream(body);
                }

                @Override
                public HttpHeaders getHeaders() {
                    return input.getHeaders();
                }
            };
        }
    }

    /** A value the request JSON refuses for a reason other than its type, with the API's code for it. */
    static final class InvalidValue extends JsonMappingException {

        private final String code;

        InvalidValue(JsonParser parser, String code, String message) {
            super(parser, message);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** Spring MVC reads bodies with the strict mapper (its own converter: the application's one stays as it is). */
    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.replaceAll(c -> c instanceof MappingJackson2HttpMessageConverter ? converter : c);
    }

    /**
     * No bean validation in Spring MVC: bodies and parameters are checked here and by the controllers, with the API's
     * problem codes. Hibernate Validator comes along with springdoc, and with a bean validator configured Spring MVC
     * looked up the validation groups of the handler method at every request (2.3 % of the server's samples in the
     * create benchmark); a validator of no type turns that off.
     */
    @Override
    public Validator getValidator() {
        return new Validator() {
            @Override
            public boolean supports(Class<?> type) {
                return false;
            }

            @Override
            public void validate(Object target, Errors errors) {
            }
        };
    }

    /** The converter Spring MVC reads a {@code @RequestBody} with, for a body read elsewhere exactly as there. */
    MappingJackson2HttpMessageConverter converter() {
        return converter;
    }

    /**
     * A PATCH body: the typed values, and the fields sent as an explicit {@code null} (to clear). Binding errors
     * surface exactly as for any request body.
     */
    public <T> PartialBody<T> partial(ObjectNode body, Class<T> type) {
        Set<String> nulls = new TreeSet<>();
        body.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        return new PartialBody<>(value(body, type), nulls);
    }

    /**
     * A body read as a create reads it ({@code POST /v1/customers}): a member sent as {@code null} is 400
     * {@code not_nullable} naming it ({@link FieldRules#refuseNulls}) unless it is one of {@code nullable}, since a
     * default is for an absent member; an absent one is null in the record, for the caller's {@code required} or
     * default. For a body bound whole, whose record alone cannot tell a null from an absent member.
     */
    public <T> T refusingNulls(ObjectNode body, Class<T> type, Set<String> nullable) {
        PartialBody<T> read = partial(body, type);
        FieldRules rules = new FieldRules();
        rules.refuseNulls(read.nulls(), nullable);
        rules.throwIfInvalid();
        return read.value();
    }

    /**
     * A PATCH body whose nested objects are partial too: its nulls are those at every depth, named by their JSON
     * paths ({@code thresholds}, {@code thresholds.healthy}, {@code dimensions[0].enabled}).
     */
    public <T> PartialBody<T> partialAtEveryDepth(ObjectNode body, Class<T> type) {
        // bound first: a body its type takes has the type's few levels and members, whereas the nulls of any body
        // (a 1 MB one may hold 100,000 nulls 900 levels down) would cost the paths of them all before a 400
        T value = value(body, type);
        Set<String> nulls = new TreeSet<>();
        collectNulls(body, "", nulls);
        return new PartialBody<>(value, nulls);
    }

    /**
     * The paths of the nulls in {@code body}, walked without recursion: a body nests at most as deep as the parser
     * allows (1000 levels), and a recursive walk of that many overflowed a request thread's stack (a 500) depending on
     * how far the JIT had compiled it.
     */
    private static void collectNulls(JsonNode body, String root, Set<String> nulls) {
        Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
        pending.push(Map.entry(root, body));
        while (!pending.isEmpty()) {
            Map.Entry<String, JsonNode> next = pending.pop();
            String path = next.getKey();
            JsonNode node = next.getValue();
            if (node.isNull()) {
                nulls.add(path);
            } else if (node.isObject()) {
                node.properties().forEach(e -> pending.push(Map.entry(
                        path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue())));
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    pending.push(Map.entry(path + "[" + i + "]", node.get(i)));
                }
            }
        }
    }

    private <T> T value(ObjectNode body, Class<T> type) {
        try {
            return json.treeToValue(body, type);
        } catch (JsonProcessingException e) {
            throw new HttpMessageNotReadableException(e.getOriginalMessage(), e, null);
        }
    }

    /**
     * The 400 that a body {@link #partial} could not bind answers, naming the field with the code it would answer as
     * a whole body: for parts of a body judged one by one (the rows of a bulk import).
     */
    public static ApiException bindingError(HttpMessageNotReadableException e) {
        return ProblemAdvice.unreadable(e);
    }

    private static ObjectMapper strict(ObjectMapper json) {
        // a body is one JSON value: "{...} xx" or "{...}{...}" is no request the client meant, nor is a member sent twice
        json.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        json.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        json.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        json.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        json.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            json.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        json.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        json.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        SimpleModule dates = new SimpleModule("request-dates");
        dates.addDeserializer(LocalDate.class, new IsoText<>(LocalDate.class, Dates::parseDate, LocalDate::getYear,
                "a date, YYYY-MM-DD"));
        dates.addDeserializer(Instant.class, new IsoText<>(Instant.class, UtcTimestamps::parse,
                i -> i.atOffset(ZoneOffset.UTC).getYear(), Dates.TIME));
        dates.addDeserializer(OffsetDateTime.class, new IsoText<>(OffsetDateTime.class, Dates::parseOffsetDateTime,
                OffsetDateTime::getYear, Dates.TIME));
        return json.registerModule(dates);
    }

    /** A date or time read from a JSON string only, within {@link Dates}' years. */
    private static final class IsoText<T> extends StdScalarDeserializer<T> {

        private final Function<String, T> parse;
        private final ToIntFunction<T> year;
        private final String form;

        IsoText(Class<T> type, Function<String, T> parse, ToIntFunction<T> year, String form) {
            super(type);
            this.parse = parse;
            this.year = year;
            this.form = form;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (T) context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getText();
            T value;
            try {
                value = parse.apply(text);
            } catch (DateTimeException e) {
                if (Dates.yearBeyondFourDigits(text)) {
                    throw new InvalidValue(parser, "out_of_range", "must be " + Dates.RANGE);
                }
                throw new InvalidValue(parser, "invalid_format", "must be " + form);
            }
            if (!Dates.inRange(year.applyAsInt(value))) {
                throw new InvalidValue(parser, "out_of_range", "must be " + Dates.RANGE);
            }
            return value;
        }
    }
}
