package com.lealup.write.territory;

import com.lealup.api.DomainRejection;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link TerritoryNames} on the claim table {@code territory_name_claim}, in the transaction of the command being
 * handled. The identity side reads the same table to check the territories a user is assigned to.
 */
@Component
class JdbcTerritoryNames implements TerritoryNames {

    private final JdbcClient jdbc;

    JdbcTerritoryNames(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(String workspaceId, String name, String territoryId) {
        int claimed = jdbc.sql("""
                        INSERT INTO territory_name_claim (workspace_id, name_key, territory_id)
                        VALUES (?, lower(?), ?) ON CONFLICT DO NOTHING""")
                .params(workspaceId, name, territoryId).update();
        if (claimed == 0) {
            String holder = jdbc.sql("SELECT territory_id FROM territory_name_claim WHERE workspace_id = ? AND name_key = lower(?)")
                    .params(workspaceId, name).query(String.class).single();
            throw DomainRejection.conflict("duplicate_territory_name",
                    "A territory named '" + name + "' already exists: " + holder, Map.of("existing_id", holder));
        }
    }
}
