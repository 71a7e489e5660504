package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.springframework.http.HttpStatus;

/** What a validator's 400 names: each field error as {@code "field code"}, in the order they were found. */
public final class FieldErrors {

    private FieldErrors() {
    }

    public static List<String> of(Runnable validation) {
        ApiException rejected = catchThrowableOfType(ApiException.class, validation::run);
        assertThat(rejected).as("a 400 with field errors").isNotNull();
        assertThat(rejected.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        return rejected.errors().stream().map(e -> e.field() + " " + e.code()).toList();
    }
}
