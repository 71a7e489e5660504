package com.lealup.http.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.HttpStatus;

/**
 * An error this endpoint answers beyond those every operation of its kind may ({@link ErrorResponses}): the OpenAPI
 * document lists {@code code} among the problem types of {@code status}, with {@code when}. Written next to the
 * handler that answers it, or on an annotation of its own that several handlers share. The API tests' contract check
 * fails an answer whose type its operation does not list.
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(Refusal.List.class)
public @interface Refusal {

    HttpStatus status();

    /** The problem's code: its type is {@code https://api.lealup.com/errors/<code>}. */
    String code();

    /** When the endpoint answers it, for the client: "the task is completed or skipped". */
    String when();

    @Documented
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {
        Refusal[] value();
    }
}
