package com.lealup.http.support.auth;

import com.lealup.api.Actor;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.FilterOrder;
import com.lealup.http.support.ProblemWriter;
import com.lealup.http.support.RoutedPath;
import com.lealup.http.support.ratelimit.AuthenticationFailures;
import com.lealup.http.support.ratelimit.RateLimitGate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every {@code /v1} request but {@code GET /v1/openapi.json} (with the Swagger UI configuration
 * {@code /docs} loads from beside it, {@code /v1/openapi.json/swagger-config}) and the OAuth callback
 * {@code GET /v1/integrations/{name}/callback} by its {@code Authorization: Bearer}
 * token and sets the {@link Caller} as request attribute {@link Caller#REQUEST_ATTRIBUTE}.
 * <ul>
 *   <li>{@code /v1/workspaces} (creating one, reading one, issuing it an admin key) and {@code /v1/admin/dead-letters} (parked events of
 *       every workspace) accept the operator token only; an API key there is 403 (a valid token without the right), any other token 401.</li>
 *   <li>{@code /actuator/*} but health ({@code /actuator/prometheus}: metrics of every workspace) accepts the
 *       operator token only, like the dead letters. Health stays public for load balancers: anyone gets the statuses,
 *       only the operator token the details (data directory, disk, processors' dead letters), as the principal of
 *       the role {@code operator} ({@code management.endpoint.health.roles}); any other token is ignored
 *       there.</li>
 *   <li>The operator token anywhere else is 403: it is a valid credential without rights in a workspace.</li>
 *   <li>An API key is looked up by the SHA-256 of the token ({@link CredentialCache}); missing, malformed,
 *       unknown or revoked is 401 with {@code WWW-Authenticate: Bearer}, and so are several {@code Authorization}
 *       headers (which one is meant cannot be known) and a key bound to a
 *       deactivated user. A key bound to a user acts as the user ({@link Actor#USER}) with the user's role.</li>
 *   <li>Every 401 counts against the client's address; too many make it 429 ({@link AuthenticationFailures}).</li>
 * </ul>
 */
@Component
class BearerAuthenticationFilter extends OncePerRequestFilter implements Ordered {

    static final String WORKSPACES_PATH = "/v1/workspaces";
    private static final String DEAD_LETTERS_PATH = "/v1/admin/dead-letters";
    private static final String ACTUATOR_PATH = "/actuator/";
    private static final String HEALTH_PATH = "/actuator/health";
    private static final String OPENAPI_PATH = "/v1/openapi.json";
    private static final String SWAGGER_CONFIG_PATH = OPENAPI_PATH + "/swagger-config";
    private static final String BEARER = "Bearer ";
    private static final Caller OPERATOR = new Caller(null, null, Actor.OPERATOR, Actor.OPERATOR, null, Set.of());
    /**
     * The OAuth redirect target, reached by the user's browser: its single-use {@code state} is its credential
     * (checked by the command side). Only GET, only this exact shape of path.
     */
    private static final Pattern OAUTH_CALLBACK_PATH =
            Pattern.compile("/v1/integrations/[a-z_]{1,40}/callback");

    private final OperatorToken operatorToken;
    private final CredentialCache credentials;
    private final ProblemWriter problems;
    private final AuthenticationFailures authenticationFailures;
    private final RateLimitGate rateLimits;

    BearerAuthenticationFilter(OperatorToken operatorToken, CredentialCache credentials, ProblemWriter problems,
                               AuthenticationFailures authenticationFailures, RateLimitGate rateLimits) {
        this.operatorToken = operatorToken;
        this.credentials = credentials;
        this.problems = problems;
        this.authenticationFailures = authenticationFailures;
        this.rateLimits = rateLimits;
    }

    @Override
    public int getOrder() {
        return FilterOrder.AUTHENTICATION;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        boolean get = "GET".equals(request.getMethod());
        // HEAD reads the public documents as GET does; not the callback, whose GET spends its single-use state
        boolean read = get || "HEAD".equals(request.getMethod());
        return (!path.startsWith("/v1/") && !path.startsWith(ACTUATOR_PATH))
                || (read && (OPENAPI_PATH.equals(path) || SWAGGER_CONFIG_PATH.equals(path)))
                || (get && OAUTH_CALLBACK_PATH.matcher(path).matches());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isHealth(path(request))) {
            boolean operator = bearerToken(request).map(token -> operatorToken.matches(Secrets.sha256(token)))
                    .orElse(false);
            chain.doFilter(operator ? new OperatorRequest(request) : request, response);
            return;
        }
        try {
            request.setAttribute(Caller.REQUEST_ATTRIBUTE, authenticate(request));
        } catch (ApiException e) {
            problems.write(request, response,
                    e.status() == HttpStatus.UNAUTHORIZED ? authenticationFailures.failed(request, response, e) : e);
            return;
        } catch (Forbidden e) {
            // a valid credential: its answer counts against its own limit, as any of its requests
            problems.write(request, response, rateLimits.admit(request, response, e.caller).orElse(e.problem));
            return;
        }
        chain.doFilter(request, response);
    }

    /** A valid credential refused the path: the {@link Caller} it authenticates as, and its 403. */
    private static final class Forbidden extends RuntimeException {

        private final transient Caller caller;
        private final ApiException problem;

        Forbidden(Caller caller, String why) {
            // an answer, not a failure: no stack trace
            super(why, null, false, false);
            this.caller = caller;
            this.problem = ApiException.forbidden(why);
        }
    }

    private Caller authenticate(HttpServletRequest request) {
        String token = bearerToken(request).orElseThrow(() -> ApiException.unauthorized(
                severalAuthorizations(request) ? "Send one 'Authorization' header: several are ambiguous"
                        : "An 'Authorization: Bearer <token>' header is required"));
        String path = path(request);
        boolean operatorPath = WORKSPACES_PATH.equals(path) || path.startsWith(WORKSPACES_PATH + "/")
                || path.equals(DEAD_LETTERS_PATH) || path.startsWith(DEAD_LETTERS_PATH + "/") || path.startsWith(ACTUATOR_PATH);
        byte[] secretHash = Secrets.sha256(token);
        boolean operator = operatorToken.matches(secretHash);
        if (operator && operatorPath) {
            return OPERATOR;
        }
        if (operator) {
            throw new Forbidden(OPERATOR, "The operator token may only create and read workspaces, issue their admin "
                    + "keys, manage dead letters and read metrics");
        }
        Caller caller = credentials.caller(Secrets.hex(secretHash))
                .orElseThrow(() -> ApiException.unauthorized("The bearer token is unknown or revoked"));
        if (operatorPath) {
            // a valid key without the rights: 403, as everywhere
            throw new Forbidden(caller, "Workspaces, their admin keys, dead letters and metrics are the operator's: "
                    + "they need the operator token");
        }
        return caller;
    }

    private static boolean isHealth(String path) {
        return path.equals(HEALTH_PATH) || path.startsWith(HEALTH_PATH + "/");
    }

    /** Credentials sent twice are not guessed between (the first, the last): none of them counts. */
    private static boolean severalAuthorizations(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Authorization");
        if (headers == null || !headers.hasMoreElements()) {
            return false;
        }
        headers.nextElement();
        return headers.hasMoreElements();
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || severalAuthorizations(request)
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
    }

    private static String path(HttpServletRequest request) {
        return RoutedPath.of(request);
    }

    /** A request made with the operator token, as Spring Boot's health endpoint asks for its principal and role. */
    private static final class OperatorRequest extends HttpServletRequestWrapper {

        private static final Principal OPERATOR = () -> Actor.OPERATOR;

        OperatorRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Principal getUserPrincipal() {
            return OPERATOR;
        }

        @Override
        public boolean isUserInRole(String role) {
            return Actor.OPERATOR.equals(role);
        }
    }
}
