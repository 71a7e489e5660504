package com.lealup.http.support;

import java.io.IOException;
import org.springframework.http.HttpStatus;

/**
 * Thrown while reading a request body past its limit. An {@link IOException}, so it travels unchanged through
 * whatever reads the stream (Jackson, filters) until {@link BodyLimitFilter} or {@link ProblemAdvice} answers 413.
 */
class BodyTooLargeException extends IOException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("request body larger than " + limit + " bytes", null);
        this.limit = limit;
    }

    ApiException toApiException() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "body_too_large", "Request body too large",
                "The request body exceeds the limit of " + limit + " bytes for this endpoint");
    }
}
