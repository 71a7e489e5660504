package com.lealup.http.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The operation's successful answer holds a secret: {@code Cache-Control: no-store} ({@link SecretResponses}), and
 * its secret members are never stored for an idempotent replay (a secret is shown once).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CarriesSecret {

    /** The request attribute that names the answer's secret members, for the idempotency filter. */
    String MEMBERS_ATTRIBUTE = "com.lealup.http.support.CarriesSecret.members";

    /** The members of the answer, at any depth, that hold the secret. */
    String[] value() default "secret";
}
