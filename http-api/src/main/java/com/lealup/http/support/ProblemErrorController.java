package com.lealup.http.support;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's BasicErrorController: whatever Tomcat forwards to the error page (an exception thrown by a
 * filter, a {@code sendError}) is answered as problem+json too, never as Boot's error JSON or an HTML page.
 */
@RestController
class ProblemErrorController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

    private final ProblemWriter problems;

    ProblemErrorController(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<Object> error(HttpServletRequest request) {
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            // a client asking for the error page itself: a path like any the API does not serve
            return problems.entity(request, ProblemAdvice.noRoute(request.getMethod(), request.getRequestURI()));
        }
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable exception = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Throwable cause = exception == null ? null : NestedExceptionUtils.getMostSpecificCause(exception);
        if (cause instanceof ApiException api) {
            return problems.entity(request, api);
        }
        if (cause instanceof BodyTooLargeException tooLarge) {
            return problems.entity(request, tooLarge.toApiException());
        }
        HttpStatusCode code = HttpStatusCode.valueOf(status instanceof Integer i ? i : 500);
        if (exception != null && code.is4xxClientError()) {
            // Tomcat's refusal of what the client sent (a broken chunk of a body): an answer, not a failure
            log.debug("Refused {} {}: {}", request.getMethod(), request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
                    exception.getClass().getSimpleName());
        } else if (exception != null) {
            log.error("Unexpected error answering {} {}", request.getMethod(),
                    request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), exception);
        }
        return problems.entity(request, ProblemAdvice.generic(code));
    }
}
