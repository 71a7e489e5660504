package com.lealup.write;

import java.util.HashMap;
import java.util.Map;

/** The name claims over a map, for aggregate fixtures; {@code NameClaimsTest} holds the JDBC one to the same rules. */
public class InMemoryNameClaims implements NameClaims {

    private final Map<String, String> claimed = new HashMap<>();

    @Override
    public void claim(Kind kind, String workspaceId, String name, String holderId) {
        String holder = claimed.putIfAbsent(kind + "/" + workspaceId + "/" + name.toLowerCase(), holderId);
        if (holder != null) {
            throw kind.taken(name, holder);
        }
    }
}
