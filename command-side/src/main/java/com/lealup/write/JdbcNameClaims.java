package com.lealup.write;

import com.lealup.api.Names;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link NameClaims} on the claim tables ({@code INSERT ... ON CONFLICT DO NOTHING}) by the name's
 * {@link Names#caseless} key, in the transaction of the command being handled. The identity side reads
 * {@code territory_name_claim} to check a user's territories.
 */
@Component
class JdbcNameClaims implements NameClaims {

    private final JdbcClient jdbc;

    JdbcNameClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void claim(Kind kind, String workspaceId, String name, String holderId) {
        String key = Names.caseless(name);
        int claimed = jdbc.sql("INSERT INTO " + kind.table + " (workspace_id, name_key, " + kind.holderColumn + ")"
                        + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                .params(workspaceId, key, holderId).update();
        if (claimed == 0) {
            String holder = jdbc.sql("SELECT " + kind.holderColumn + " FROM " + kind.table
                            + " WHERE workspace_id = ? AND name_key = ?")
                    .params(workspaceId, key).query(String.class).single();
            throw kind.taken(name, holder);
        }
    }
}
