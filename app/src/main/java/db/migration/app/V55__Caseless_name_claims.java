package db.migration.app;

import com.lealup.api.Names;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Segment and territory names are claimed by {@link Names#caseless}, which only Java computes, instead of
 * PostgreSQL's {@code lower()}: the claims made before are keyed again, from the name their read model shows (from the
 * old key where it shows none yet). A claim whose new key another claim holds already (two names that only the new
 * key calls alike, both taken before) keeps its old one. The keys become text, since a key may outgrow its name.
 */
public class V55__Caseless_name_claims extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        rekey(connection, "segment_name_claim", "segment_id", "segment_view");
        rekey(connection, "territory_name_claim", "territory_id", "territory_view");
    }

    private static void rekey(Connection connection, String claims, String holder, String view) throws SQLException {
        record Claim(String workspaceId, String oldKey, String holderId, String name) {
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + claims + " ALTER COLUMN name_key TYPE TEXT");
        }
        List<Claim> found = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.workspace_id, c.name_key, c." + holder + ", v.name FROM "
                     + claims + " c LEFT JOIN " + view + " v ON v.id = c." + holder + " ORDER BY c." + holder)) {
            while (rows.next()) {
                found.add(new Claim(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + claims + " SET name_key = ? WHERE "
                + holder + " = ? AND NOT EXISTS (SELECT 1 FROM " + claims + " WHERE workspace_id = ? AND name_key = ?)")) {
            for (Claim claim : found) {
                String key = Names.caseless(claim.name() != null ? claim.name() : claim.oldKey());
                if (!key.equals(claim.oldKey())) {
                    update.setString(1, key);
                    update.setString(2, claim.holderId());
                    update.setString(3, claim.workspaceId());
                    update.setString(4, key);
                    update.executeUpdate();
                }
            }
        }
    }
}
