package com.lealup.write.territory;

import com.lealup.api.DomainRejection;
import java.util.HashMap;
import java.util.Map;

/** The name claims over a map, for aggregate fixtures; the JDBC one is exercised by the API tests. */
class InMemoryTerritoryNames implements TerritoryNames {

    final Map<String, String> claimed = new HashMap<>();

    @Override
    public void claim(String workspaceId, String name, String territoryId) {
        String holder = claimed.putIfAbsent(name.toLowerCase(), territoryId);
        if (holder != null) {
            throw DomainRejection.conflict("duplicate_territory_name", "taken by " + holder, Map.of("existing_id", holder));
        }
    }
}
