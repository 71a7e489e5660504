package com.lealup.http.support;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Raised by {@link ReadYourWrites} when a committed write's read model lags: it leaves the controller, whose own
 * answer would need the read model, and becomes the {@code 202} its {@link Accepted} describes. Once the read model
 * has shown the write, the request remembers its {@link Accepted}: a 404 while the answer is built then means the
 * rows went away meanwhile (a replay of the projection cleared its tables, docs/running.md), and the request answers
 * the 202 too, never a 404 for what it just wrote ({@link ProblemAdvice}).
 */
final class WriteAccepted extends RuntimeException {

    private static final String SHOWN = WriteAccepted.class.getName() + ".shown";

    private final transient Accepted accepted;

    WriteAccepted(Accepted accepted) {
        // an answer, not a failure: no stack trace
        super("accepted: " + accepted.location(), null, false, false);
        this.accepted = accepted;
    }

    /** The read model showed the write of this request: what it answers if the rows are gone by the time it reads them. */
    static void shown(Accepted accepted) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            attributes.getRequest().setAttribute(SHOWN, accepted);
        }
    }

    /** The write of {@code request} that its read model showed, if any. */
    static Optional<Accepted> shown(HttpServletRequest request) {
        return Optional.ofNullable((Accepted) request.getAttribute(SHOWN));
    }

    static ResponseEntity<Object> answer(Accepted accepted) {
        return ResponseEntity.accepted().location(accepted.location()).body(accepted);
    }

    /** Before {@link ProblemAdvice}, whose catch-all would otherwise take it for an error. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Answer {

        @ExceptionHandler(WriteAccepted.class)
        ResponseEntity<Object> accepted(WriteAccepted e) {
            return answer(e.accepted);
        }
    }
}
