package com.lealup.http.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The operation's successful answer holds a secret: {@code Cache-Control: no-store} ({@link SecretResponses}). */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CarriesSecret {
}
