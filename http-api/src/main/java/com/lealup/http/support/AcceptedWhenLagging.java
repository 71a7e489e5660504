package com.lealup.http.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a write endpoint that answers {@link Accepted} ({@code 202}) when its read model lags; the OpenAPI document
 * lists that response for it.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AcceptedWhenLagging {

    /** When else the endpoint answers its {@code 202}, for the document; none by default. */
    String alsoWhen() default "";
}
