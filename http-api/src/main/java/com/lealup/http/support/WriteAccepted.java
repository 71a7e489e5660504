package com.lealup.http.support;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Raised by {@link ReadYourWrites} when a committed write's read model lags: it leaves the controller, whose own
 * answer would need the read model, and becomes the {@code 202} its {@link Accepted} describes.
 */
final class WriteAccepted extends RuntimeException {

    private final transient Accepted accepted;

    WriteAccepted(Accepted accepted) {
        // an answer, not a failure: no stack trace
        super("accepted: " + accepted.location(), null, false, false);
        this.accepted = accepted;
    }

    /** Before {@link ProblemAdvice}, whose catch-all would otherwise take it for an error. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Answer {

        @ExceptionHandler(WriteAccepted.class)
        ResponseEntity<Accepted> accepted(WriteAccepted e) {
            return ResponseEntity.accepted().location(e.accepted.location()).body(e.accepted);
        }
    }
}
