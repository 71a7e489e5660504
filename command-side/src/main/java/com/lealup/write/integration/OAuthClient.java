package com.lealup.write.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.integration.OAuthTokens;
import com.lealup.write.integration.OAuthProviders.OAuthProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The two calls LealUp makes to a provider's token endpoint (RFC 6749): exchanging an authorization code, with the
 * PKCE {@code code_verifier} of RFC 7636 (section 4.1.3), and refreshing an access token (section 6). Client
 * credentials go in HTTP Basic when there is a secret (section 2.3.1). Understands the standard answers and
 * Slack's ({@code {"ok": false, "error": ...}} with 200, {@code token_type: "bot"}), which is why this is not
 * a general OAuth library: Nimbus' parser, for one, refuses any token type but Bearer and DPoP.
 * <p>
 * Never called inside a command handler: the callback flow ({@link AuthorizationCallback}) and the token
 * refresh ({@link IntegrationTokens}) call it outside any transaction and send commands with the result.
 */
@Component
class OAuthClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The longest {@code expires_in} taken as an expiry: a century. */
    private static final Duration MAX_LIFETIME = Duration.ofDays(36_525);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** The provider refused the grant (an error answer, 4xx): asking again with the same grant cannot help. */
    static class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** The provider could not be reached or failed (network, timeout, 408, 429, 5xx): another try may work. */
    static class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    OAuthTokens exchange(OAuthProvider provider, String code, String codeVerifier, Instant now)
            throws Refused, Unavailable {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", provider.redirectUri());
        form.put("client_id", provider.clientId());
        form.put("code_verifier", codeVerifier);
        return tokens(post(provider, form), null, now);
    }

    /**
     * New tokens for {@code refreshToken}. A provider that grants no new refresh token leaves the old one valid
     * (RFC 6749 section 6): the answer then carries {@code refreshToken} again.
     */
    OAuthTokens refresh(OAuthProvider provider, String refreshToken, Instant now) throws Refused, Unavailable {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", provider.clientId());
        return tokens(post(provider, form), refreshToken, now);
    }

    private HttpResponse<String> post(OAuthProvider provider, Map<String, String> form) throws Unavailable {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.tokenUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OAuthProvider.form(form)));
        if (!provider.clientSecret().isBlank()) {
            // RFC 6749 section 2.3.1: each part form-encoded before the Basic encoding
            String basic = encode(provider.clientId()) + ":" + encode(provider.clientSecret());
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable("The token endpoint could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("Interrupted while calling the token endpoint");
        }
    }

    private static OAuthTokens tokens(HttpResponse<String> response, String previousRefreshToken, Instant now)
            throws Refused, Unavailable {
        int status = response.statusCode();
        if (status == 408 || status == 429 || status >= 500) {
            throw new Unavailable("The token endpoint answered " + status);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Refused("The token endpoint answered " + status + " without JSON");
        }
        String error = body.path("error").asText("");
        if (status / 100 != 2 || !error.isEmpty() || !body.path("ok").asBoolean(true)) {
            throw new Refused("The token endpoint answered " + status + (error.isEmpty() ? "" : " (" + error + ")"));
        }
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new Refused("The token endpoint answered without an access_token");
        }
        String refreshToken = body.path("refresh_token").asText("");
        // a lifetime beyond any date a timestamp holds (a provider's "forever") is no expiry; a negative one, expired
        long lifetime = body.path("expires_in").asLong();
        Instant expiresAt = body.hasNonNull("expires_in") && lifetime <= MAX_LIFETIME.toSeconds()
                ? now.plusSeconds(Math.max(0, lifetime)) : null;
        return new OAuthTokens(accessToken, refreshToken.isEmpty() ? previousRefreshToken : refreshToken, expiresAt);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
