package com.lealup.http.support;

import com.lealup.api.StorableText;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * An error answer of the API, rendered as problem+json by {@link ProblemWriter}: {@code code} becomes the
 * problem {@code type} (https://api.lealup.com/errors/{code}); {@code errors} the field errors;
 * {@code extra} extra members of the problem (e.g. {@code existing_id}); {@code headers} response headers.
 */
public class ApiException extends RuntimeException {

    public record FieldError(String field, String code, String message) {
    }

    private final HttpStatus status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extra;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String code, String title, String detail,
                        List<FieldError> errors, Map<String, Object> extra, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.extra = extra == null ? Map.of() : Map.copyOf(extra);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ApiException(HttpStatus status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of(), Map.of());
    }

    /** 400 with one field error. */
    public static ApiException validation(String field, String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation_error", "Validation error", message,
                List.of(new FieldError(field, code, message)), Map.of(), Map.of());
    }

    /** 400 with several field errors. */
    public static ApiException validation(List<FieldError> errors) {
        String detail = errors.size() == 1 ? errors.get(0).message()
                : errors.size() + " fields are invalid: "
                        + String.join(", ", errors.stream().map(e -> StorableText.abbreviated(e.field())).toList());
        return new ApiException(HttpStatus.BAD_REQUEST, "validation_error", "Validation error", detail,
                errors, Map.of(), Map.of());
    }

    /** 400 for a body that is not the JSON the endpoint reads. */
    public static ApiException malformedJson(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "malformed_json", "Malformed JSON", detail);
    }

    /** 422 about one field: the request is well-formed but names something that does not hold. */
    public static ApiException unprocessable(String field, String code, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, code, "Unprocessable entity", message,
                List.of(new FieldError(field, code, message)), Map.of(), Map.of());
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", detail);
    }

    /** {@code Task 'tsk_…' was not found}: the id as the client sent it, quoted as any name a client chose. */
    public static ApiException notFound(String resource, String id) {
        return notFound(resource + " '" + StorableText.abbreviated(id) + "' was not found");
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of(), Map.of(),
                Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
