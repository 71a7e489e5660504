package com.lealup.app.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.FakeOutsideWorld;
import com.lealup.app.support.FakeOutsideWorld.Reply;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** The OAuth dance of a test against {@link FakeOutsideWorld}'s token endpoint. */
public final class OAuthCalls {

    private OAuthCalls() {
    }

    /** Connects {@code name}, the provider granting {@code accessToken}; answers the callback's response. */
    public static Response connect(HttpClientSupport http, String token, String name, String accessToken) {
        return connectGranting(http, token, name, "\"access_token\": \"" + accessToken + "\"");
    }

    /**
     * Connects {@code name}, the provider granting {@code accessToken} valid for {@code expiresIn} seconds and
     * {@code refreshToken}, the way Slack answers with token rotation on.
     */
    static Response connect(HttpClientSupport http, String token, String name, String accessToken,
                            String refreshToken, long expiresIn) {
        return connectGranting(http, token, name, "\"access_token\": \"" + accessToken + "\", "
                + (refreshToken == null ? "" : "\"refresh_token\": \"" + refreshToken + "\", ")
                + "\"expires_in\": " + expiresIn);
    }

    private static Response connectGranting(HttpClientSupport http, String token, String name, String grant) {
        Response started = http.post("/v1/integrations/" + name + "/connect").token(token).send();
        assertThat(started.status()).as(started.toString()).isEqualTo(200);
        String code = "code-" + System.nanoTime();
        FakeOutsideWorld.get().script("/oauth/" + name + "/token", code, Reply.json(200,
                "{\"ok\": true, " + grant + ", \"token_type\": \"bot\"}"));
        return callback(http, name, code, started.json().path("state").asText());
    }

    static Response callback(HttpClientSupport http, String name, String code, String state) {
        return http.get("/v1/integrations/" + name + "/callback?code=" + code + "&state=" + state).send();
    }

    static Map<String, String> query(String url) {
        return Arrays.stream(URI.create(url).getRawQuery().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
    }
}
