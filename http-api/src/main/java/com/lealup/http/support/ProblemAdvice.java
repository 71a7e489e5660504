package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.lealup.api.StorableText;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.WebUtils;

/**
 * Turns every error raised inside Spring MVC into problem+json: our {@link ApiException}s as they are, Spring's
 * own exceptions (routing, content negotiation, parameters, unreadable JSON) as the matching 4xx with
 * field errors named as in the JSON, anything else as a 500 that says nothing about its cause.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    /** How Jackson's messages begin for a member sent twice, a number past the parser's length and too deep a nesting. */
    private static final String DUPLICATE_MEMBER = "Duplicate field '";
    private static final String NUMBER_TOO_LONG = "Number value length";
    private static final String NESTED_TOO_DEEP = "Document nesting depth";
    /** Past the nesting limit the path is a thousand levels long: its first two name the value that holds it. */
    private static final int NAMED_LEVELS_OF_A_NESTING = 2;
    private static final JsonFactory JSON = new JsonFactory();
    private static final MediaType TEXT_CSV = MediaType.valueOf("text/csv");
    private static final Set<Class<?>> INTEGRAL = Set.of(Integer.class, int.class, Long.class, long.class,
            Short.class, short.class, Byte.class, byte.class, BigInteger.class);

    private final ProblemWriter problems;

    ProblemAdvice(ProblemWriter problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> apiException(ApiException e, HttpServletRequest request) {
        Optional<Accepted> written = e.status() == HttpStatus.NOT_FOUND ? WriteAccepted.shown(request) : Optional.empty();
        if (written.isPresent()) {
            log.warn("The read model no longer shows the write (a replay?): answering 202 for {}", written.get().location());
            return WriteAccepted.answer(written.get());
        }
        return problems.entity(request, e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        BodyTooLargeException tooLarge = NestedExceptionUtils.getRootCause(e) instanceof BodyTooLargeException b ? b : null;
        if (tooLarge != null) {
            return problems.entity(request, tooLarge.toApiException());
        }
        ApiException beyondDecimals = beyondDecimals(e, request);
        if (beyondDecimals != null) {
            return problems.entity(request, beyondDecimals);
        }
        log.error("Unexpected error answering {} {}", request.getMethod(), request.getRequestURI(), e);
        return problems.entity(request, internalError());
    }

    /** Every Spring MVC exception ResponseEntityExceptionHandler knows ends here, with its status and headers (e.g. Allow). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ServletWebRequest servletRequest = (ServletWebRequest) request;
        if (servletRequest.getResponse() != null && servletRequest.getResponse().isCommitted()) {
            return null;
        }
        if (status.is5xxServerError()) {
            log.error("Error answering {}", servletRequest.getDescription(false), ex);
        }
        HttpServletRequest httpRequest = servletRequest.getRequest();
        ResponseEntity<Object> problem = problems.entity(httpRequest, translate(ex, status, httpRequest));
        if (ex instanceof HttpRequestMethodNotSupportedException e && e.getSupportedHttpMethods() != null) {
            headers = new HttpHeaders(headers);
            headers.setAllow(served(e.getSupportedHttpMethods()));
        }
        return ResponseEntity.status(problem.getStatusCode())
                .headers(headers)
                .headers(problem.getHeaders())
                .body(problem.getBody());
    }

    /** The methods a path serves: its handlers', HEAD wherever GET is, OPTIONS everywhere (as OPTIONS answers). */
    private static Set<HttpMethod> served(Set<HttpMethod> handled) {
        Set<HttpMethod> methods = new LinkedHashSet<>(handled);
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        methods.add(HttpMethod.OPTIONS);
        return methods;
    }

    private ApiException translate(Exception ex, HttpStatusCode status, HttpServletRequest request) {
        if (ex instanceof HttpMessageNotReadableException e) {
            ApiException beyondLimits = beyondParserLimits(e, request);
            return beyondLimits != null ? beyondLimits : unreadable(e);
        }
        if (ex instanceof MissingServletRequestParameterException e) {
            return ApiException.validation(e.getParameterName(), "required", e.getParameterName() + " is required");
        }
        if (ex instanceof MethodArgumentTypeMismatchException e) {
            return ApiException.validation(e.getName(), "invalid_type", e.getName() + " must be " + jsonType(e.getRequiredType()));
        }
        // named as the client wrote it: Spring's own path drops a trailing slash and doubled ones, and would name
        // an endpoint that exists
        if (ex instanceof NoResourceFoundException e) {
            return noRoute(e.getHttpMethod().name(), request.getRequestURI());
        }
        if (ex instanceof NoHandlerFoundException e) {
            return noRoute(e.getHttpMethod(), request.getRequestURI());
        }
        if (ex instanceof HttpRequestMethodNotSupportedException e) {
            return methodNotAllowed(e.getMethod());
        }
        if (ex instanceof HttpMediaTypeNotSupportedException e) {
            // an endpoint that also reads CSV (the bulk import) declares it: any other reads JSON only
            boolean csvToo = e.getSupportedMediaTypes().stream().anyMatch(TEXT_CSV::equalsTypeAndSubtype);
            return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Unsupported media type",
                    "The request body must be application/json" + (csvToo ? " or text/csv" : ""));
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return new ApiException(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "Not acceptable",
                    "This endpoint answers application/json only");
        }
        return generic(status);
    }

    static ApiException methodNotAllowed(String method) {
        return new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", "Method not allowed",
                StorableText.abbreviated(method) + " is not allowed on this endpoint");
    }

    /** A problem for a bare status, e.g. one Tomcat or a library set without telling why. */
    static ApiException generic(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known == null || known == HttpStatus.INTERNAL_SERVER_ERROR) {
            return internalError();
        }
        // the reason phrase only: whatever raised it may have put internals in its message
        return new ApiException(known, known.name().toLowerCase(), known.getReasonPhrase(), known.getReasonPhrase());
    }

    static ApiException internalError() {
        return new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Internal server error",
                "An unexpected error occurred; quote the trace_id when reporting it");
    }

    static ApiException noRoute(String method, String path) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found",
                "No endpoint " + StorableText.abbreviated(method) + " " + StorableText.abbreviated(path));
    }

    private static ApiException outOfRange(String field) {
        return ApiException.validation(field, "out_of_range", "Field '" + StorableText.abbreviated(field) + "' is out of range");
    }

    static ApiException unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodyTooLargeException tooLarge) {
            return tooLarge.toApiException();
        }
        ApiException duplicate = duplicateMember(cause);
        if (duplicate != null) {
            return duplicate;
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping);
            if (mapping instanceof UnrecognizedPropertyException) {
                return ApiException.validation(field, "unknown_field", "Unknown field '" + StorableText.abbreviated(field) + "'");
            }
            if (mapping instanceof RequestJson.InvalidValue invalid) {
                return ApiException.validation(field, invalid.code(), "Field '" + StorableText.abbreviated(field) + "' " + invalid.getOriginalMessage());
            }
            if (mapping.getCause() instanceof InputCoercionException) {
                return outOfRange(field);
            }
            if (mapping instanceof MismatchedInputException m && !(mapping instanceof ValueInstantiationException)) {
                return ApiException.validation(field, "invalid_type", "Field '" + StorableText.abbreviated(field) + "' must be " + jsonType(m.getTargetType()));
            }
            return ApiException.validation(field, "invalid_value", "Field '" + StorableText.abbreviated(field) + "' is invalid");
        }
        if (cause instanceof MismatchedInputException m && !(cause instanceof ValueInstantiationException)
                && m.getTargetType() != null) {
            // valid JSON of another type than the body's ([] or "x" where an object is expected)
            return ApiException.malformedJson("The request body must be " + jsonType(m.getTargetType()));
        }
        String detail = cause instanceof JsonProcessingException ? "The request body is not valid JSON"
                : cause == null ? "A JSON request body is required" : "The request body could not be read";
        return ApiException.malformedJson(detail);
    }

    /** A member sent twice, named by where the parser stood; null for any other error. */
    private static ApiException duplicateMember(Throwable cause) {
        // Jackson tells it apart from other parse errors by its message only
        if (NestedExceptionUtils.getMostSpecificCause(cause) instanceof StreamReadException read && read.getProcessor() != null
                && read.getOriginalMessage() != null && read.getOriginalMessage().startsWith(DUPLICATE_MEMBER)) {
            String field = UnstorableJson.path(read.getProcessor().getParsingContext());
            return ApiException.validation(field, "duplicate_field", "Field '" + StorableText.abbreviated(field) + "' is given more than once");
        }
        return null;
    }

    /**
     * Valid JSON past the limits of Jackson's parser (StreamReadConstraints), which bound what one body can cost: a
     * number longer than 1000 digits (a longer one could cost a quadratic parse) is out of range like any number beyond
     * its field; arrays and objects nested more than 1000 deep are an invalid value of the member holding them.
     * Jackson's exception says which by its message only, and not where: the body, cached by
     * {@link InputHygieneFilter}, is read again to name the field.
     */
    private static ApiException beyondParserLimits(HttpMessageNotReadableException e, HttpServletRequest request) {
        if (!(NestedExceptionUtils.getMostSpecificCause(e) instanceof StreamConstraintsException beyond)
                || beyond.getOriginalMessage() == null) {
            return null;
        }
        if (beyond.getOriginalMessage().startsWith(NUMBER_TOO_LONG)) {
            String field = Objects.requireNonNullElse(whereTheParseStops(request, Integer.MAX_VALUE), "body");
            return outOfRange(field);
        }
        if (beyond.getOriginalMessage().startsWith(NESTED_TOO_DEEP)) {
            String field = Objects.requireNonNullElse(whereTheParseStops(request, NAMED_LEVELS_OF_A_NESTING), "body");
            return ApiException.validation(field, "invalid_value", "Field '" + StorableText.abbreviated(field)
                    + "' nests arrays or objects more than " + JSON.streamReadConstraints().getMaxNestingDepth() + " deep");
        }
        return null;
    }

    /**
     * A number of the body whose exponent no decimal holds ({@code 1e-2147483648}: a scale beyond an int), which
     * Jackson's tree reader refuses with a bare NumberFormatException, not as unreadable JSON: out of range, as any
     * number beyond its field. Null when no number of the body is one (the exception came from elsewhere).
     */
    private static ApiException beyondDecimals(Exception e, HttpServletRequest request) {
        if (!(NestedExceptionUtils.getMostSpecificCause(e) instanceof NumberFormatException)
                || WebUtils.getNativeRequest(request, CachedBodyRequest.class) == null) {
            return null;
        }
        String field = whereTheParseStops(request, Integer.MAX_VALUE);
        return field == null ? null : outOfRange(field);
    }

    /**
     * The path, its first {@code levels} at most, where the cached body's parse fails, every number read as a decimal;
     * {@code body} if the body is unknown, null if it parses.
     */
    private static String whereTheParseStops(HttpServletRequest request, int levels) {
        CachedBodyRequest cached = WebUtils.getNativeRequest(request, CachedBodyRequest.class);
        if (cached != null) {
            try (JsonParser parser = JSON.createParser(CachedBodyRequest.body(cached))) {
                try {
                    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                        if (token.isNumeric()) {
                            parser.getDecimalValue();
                        }
                    }
                    return null;
                } catch (StreamConstraintsException | NumberFormatException found) {
                    List<JsonStreamContext> outward = new ArrayList<>();
                    for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
                        outward.add(c);
                    }
                    String field = outward.isEmpty() ? ""
                            : UnstorableJson.path(outward.get(Math.max(outward.size() - levels, 0)));
                    return field.isEmpty() ? "body" : field;
                }
            } catch (IOException notFound) {
                // the body as a whole is named
            }
        }
        return "body";
    }

    /** {@code items[2].unit_price}: the path of the offending value in the request JSON. */
    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String jsonType(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (INTEGRAL.contains(type)) {
            // a fraction or an exponent where an integer is expected: a number, but not one this field takes
            return "a whole number, written in digits only (no fraction part, no exponent)";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == String.class || type.isEnum() || type.getName().startsWith("java.time.")) {
            return "a string";
        }
        return "an object";
    }
}
