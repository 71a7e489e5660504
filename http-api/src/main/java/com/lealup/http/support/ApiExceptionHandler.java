package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Renders an {@link ApiException} thrown by a controller as problem+json. */
@RestControllerAdvice
class ApiExceptionHandler {

    private final ProblemWriter problems;

    ApiExceptionHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handle(HttpServletRequest request, ApiException e) {
        return problems.entity(request, e);
    }
}
