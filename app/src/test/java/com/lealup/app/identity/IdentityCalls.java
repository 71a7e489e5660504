package com.lealup.app.identity;

import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The identity calls API tests repeat: inviting users, issuing keys (bound to a user or not). */
record IdentityCalls(HttpClientSupport http, String token) {

    Response invite(String email, String role) {
        return http.post("/v1/users").token(token).json(Map.of("email", email, "role", role, "locale", "es",
                "timezone", "Europe/Madrid", "initial_territory_ids", List.of())).send();
    }

    /** Invites a user and answers its id. */
    String user(String email, String role) {
        Response response = invite(email, role);
        if (response.status() != 201) {
            throw new AssertionError("invitation failed: " + response);
        }
        return response.json().path("id").asText();
    }

    Response createKey(String role, List<String> scopes, String userId) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Key", "role", role, "scopes", scopes));
        if (userId != null) {
            body.put("user_id", userId);
        }
        return http.post("/v1/api-keys").token(token).json(body).send();
    }

    /** A key's secret; fails the test if the key was not created. */
    String key(String role, List<String> scopes, String userId) {
        Response response = createKey(role, scopes, userId);
        if (response.status() != 201) {
            throw new AssertionError("key creation failed: " + response);
        }
        return response.json().path("secret").asText();
    }

    Response changeRole(String userId, String role) {
        return http.patch("/v1/users/" + userId + "/role").token(token).json(Map.of("role", role)).send();
    }

    Response update(String userId, Map<String, ?> body) {
        return http.patch("/v1/users/" + userId).token(token).json(body).send();
    }
}
