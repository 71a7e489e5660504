package com.lealup.http.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint whose {@code 200}/{@code 201} carries its resource's {@code ETag} ({@link ETags#of}); on a
 * {@code GET}, {@code If-None-Match} naming it is {@code 304}. The OpenAPI document declares both for these
 * endpoints only, the {@code ETag} as required, so the API tests' contract check fails an endpoint that stops
 * sending it.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AnswersETag {
}
