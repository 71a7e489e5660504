package com.lealup.http.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A member typed {@code Object} that holds a JSON scalar (string, number or boolean), or a {@code Map<String, Object>}
 * whose values are scalars (custom fields): so the OpenAPI document says so ({@link ApiModelResolver}). Without it an
 * {@code Object} is any JSON value.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface JsonScalar {

    /** The longest string a request may give there (0: unbounded), for the document's {@code maxLength}. */
    int maxLength() default 0;
}
