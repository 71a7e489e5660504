package com.lealup.write.integration;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The OAuth 2 providers the operator configured: {@code lealup.integrations.providers.<name>.authorize-url},
 * {@code .token-url}, {@code .client-id}, {@code .client-secret} and {@code .scopes} (space separated). The
 * redirect URI is {@code lealup.integrations.redirect-base-url} + {@code /v1/integrations/<name>/callback}.
 */
@Component
class OAuthProviders {

    private static final String PREFIX = "lealup.integrations.providers.";

    private final Environment environment;

    OAuthProviders(Environment environment) {
        this.environment = environment;
    }

    /** The provider of {@code name}, if its authorize URL, token URL and client id are configured. */
    Optional<OAuthProvider> find(String name) {
        String authorizeUrl = property(name, "authorize-url");
        String tokenUrl = property(name, "token-url");
        String clientId = property(name, "client-id");
        if (authorizeUrl.isBlank() || tokenUrl.isBlank() || clientId.isBlank()) {
            return Optional.empty();
        }
        String redirectBase = environment.getProperty("lealup.integrations.redirect-base-url", "http://localhost:8080");
        return Optional.of(new OAuthProvider(name, authorizeUrl, tokenUrl, clientId, property(name, "client-secret"),
                property(name, "scopes"), redirectBase.replaceAll("/+$", "") + "/v1/integrations/" + name + "/callback"));
    }

    private String property(String name, String key) {
        return environment.getProperty(PREFIX + name + "." + key, "").trim();
    }

    record OAuthProvider(String name, String authorizeUrl, String tokenUrl, String clientId, String clientSecret,
                         String scopes, String redirectUri) {

        String authorizationUrl(String state, String codeChallenge) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", clientId);
            query.put("redirect_uri", redirectUri);
            if (!scopes.isBlank()) {
                query.put("scope", scopes);
            }
            query.put("state", state);
            query.put("code_challenge", codeChallenge);
            query.put("code_challenge_method", "S256");
            return authorizeUrl + (authorizeUrl.contains("?") ? "&" : "?") + form(query);
        }

        static String form(Map<String, String> values) {
            return values.entrySet().stream()
                    .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                    .collect(Collectors.joining("&"));
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
