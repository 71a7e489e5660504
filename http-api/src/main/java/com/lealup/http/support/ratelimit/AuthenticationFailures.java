package com.lealup.http.support.ratelimit;

import com.lealup.http.support.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;

/**
 * Failed authentications (401) per client address, limited like a workspace's requests ({@link RateLimiter}, so
 * across nodes): over {@code lealup.rate-limits.classes.auth-failures} a request that fails authentication is
 * answered 429 instead. Only failures count and only failures are refused: a valid token from the same address
 * still works. The address is {@link RateLimitGate#address}'s (docs/conventions.md).
 */
@Component
public class AuthenticationFailures {

    private final RateLimitGate gate;

    AuthenticationFailures(RateLimitGate gate) {
        this.gate = gate;
    }

    /**
     * Counts the failure; the 401 itself, or a 429 if the address has failed too often in this window. Either carries
     * the {@code X-RateLimit-*} headers of the address's failures, as every limited response does.
     */
    public ApiException failed(HttpServletRequest request, HttpServletResponse response, ApiException unauthorized) {
        return gate.admit(RateLimitGate.address(request), null, LimitClass.AUTH_FAILURES, response,
                        limit -> "Too many requests with a missing, unknown or revoked token from this address")
                .orElse(unauthorized);
    }
}
