package com.lealup.api;

import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;

/**
 * A command handler's refusal of a command, with what the caller needs to understand it. Thrown by
 * aggregates and command handlers; the http-api turns it into a problem+json answer (kind → status).
 * It is a CommandExecutionException so that its {@link Details} also reach a caller on another node.
 */
public class DomainRejection extends CommandExecutionException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT, UNPROCESSABLE, PRECONDITION_FAILED }

    /** An error of one field of the command: the problem's {@code errors[]} item. */
    public record FieldError(String code, String field, String message) {
    }

    /**
     * The serialisable part, carried as the details of a CommandExecutionException across nodes. {@code errors} are
     * every field error the rejection names (a 400 names every bad field at once); the first is also the rejection's
     * own code, field and message.
     */
    public record Details(Kind kind, String code, String field, String message, Map<String, Object> extra,
                          List<FieldError> errors) {
        public Details {
            // null (every rejection but a 400 of several fields): its own field, if it names one, is its one error
            errors = errors != null ? List.copyOf(errors)
                    : field == null ? List.of() : List.of(new FieldError(code, field, message));
        }
    }

    private final Details details;

    private DomainRejection(Kind kind, String code, String field, String message, Map<String, Object> extra) {
        this(new Details(kind, code, field, message, extra == null ? Map.of() : Map.copyOf(extra), null));
    }

    private DomainRejection(Details details) {
        super(details.message(), null, details, false);
        this.details = details;
    }

    public static DomainRejection notFound(String resource, String id) {
        return new DomainRejection(Kind.NOT_FOUND, "not_found", null, resource + " '" + StorableText.abbreviated(id) + "' was not found", Map.of());
    }

    /**
     * Not found, the resource named by the id's prefix ({@link Ids#resourceName}). For ids a client sent: another
     * workspace's resource must read exactly as one that exists nowhere, which the http-api reports the same way.
     */
    public static DomainRejection notFound(String id) {
        return notFound(Ids.resourceName(id), id);
    }

    public static DomainRejection conflict(String code, String message, Map<String, Object> extra) {
        return new DomainRejection(Kind.CONFLICT, code, null, message, extra);
    }

    public static DomainRejection unprocessable(String code, String field, String message) {
        return new DomainRejection(Kind.UNPROCESSABLE, code, field, message, Map.of());
    }

    public static DomainRejection invalid(String code, String field, String message) {
        return new DomainRejection(Kind.INVALID, code, field, message, Map.of());
    }

    /** A 400 naming every bad field of the command; {@code errors} holds one at least. */
    public static DomainRejection invalid(List<FieldError> errors) {
        FieldError first = errors.get(0);
        return new DomainRejection(new Details(Kind.INVALID, first.code(), first.field(), first.message(), Map.of(),
                errors));
    }

    public static DomainRejection versionMismatch(long expected, long actual) {
        return new DomainRejection(Kind.PRECONDITION_FAILED, "version_mismatch", null,
                "The resource is at version " + actual + ", not " + expected, Map.of("current_version", actual));
    }

    public Details details() {
        return details;
    }
}
