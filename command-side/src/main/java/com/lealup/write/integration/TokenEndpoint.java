package com.lealup.write.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.write.integration.OAuthProviders.OAuthProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * Exchanges an authorization code for tokens at the provider's token endpoint (RFC 6749 section 4.1.3,
 * with the PKCE {@code code_verifier} of RFC 7636); client credentials go in HTTP Basic when there is a
 * secret. Understands the standard answer and Slack's ({@code {"ok": false, "error": ...}} with 200).
 */
@Component
class TokenEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    record Tokens(String accessToken, String refreshToken, Instant expiresAt) {
    }

    /** The provider refused or could not be reached; {@code getMessage()} says why (no secret in it). */
    static class ExchangeFailed extends Exception {
        ExchangeFailed(String message) {
            super(message);
        }
    }

    Tokens exchange(OAuthProvider provider, String code, String codeVerifier, Instant now) throws ExchangeFailed {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", provider.redirectUri());
        form.put("client_id", provider.clientId());
        form.put("code_verifier", codeVerifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(provider.tokenUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OAuthProvider.form(form)));
        if (!provider.clientSecret().isBlank()) {
            String basic = provider.clientId() + ":" + provider.clientSecret();
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ExchangeFailed("The token endpoint could not be reached: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExchangeFailed("Interrupted while calling the token endpoint");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ExchangeFailed("The token endpoint answered " + response.statusCode() + " without JSON");
        }
        String error = body.path("error").asText("");
        if (response.statusCode() / 100 != 2 || !error.isEmpty() || body.path("ok").asBoolean(true) == false) {
            throw new ExchangeFailed("The token endpoint answered " + response.statusCode()
                    + (error.isEmpty() ? "" : " (" + error + ")"));
        }
        String accessToken = body.path("access_token").asText("");
        if (accessToken.isEmpty()) {
            throw new ExchangeFailed("The token endpoint answered without an access_token");
        }
        String refreshToken = body.path("refresh_token").asText(null);
        Instant expiresAt = body.hasNonNull("expires_in") ? now.plusSeconds(body.path("expires_in").asLong()) : null;
        return new Tokens(accessToken, refreshToken, expiresAt);
    }
}
