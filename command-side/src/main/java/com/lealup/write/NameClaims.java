package com.lealup.write;

import com.lealup.api.DomainRejection;
import java.util.Map;

/**
 * Set validation of the names that are unique in a workspace, case-insensitively (segments, territories), never
 * from a read model. Rejects a taken name with a 409 naming its holder; the JDBC implementation works in the
 * transaction of the command being handled, so a rejected or failed command leaves no trace.
 */
public interface NameClaims {

    /** What is named, with its claim table. */
    enum Kind {
        SEGMENT("segment", "segment_name_claim", "segment_id"),
        TERRITORY("territory", "territory_name_claim", "territory_id");

        final String noun;
        final String table;
        final String holderColumn;

        Kind(String noun, String table, String holderColumn) {
            this.noun = noun;
            this.table = table;
            this.holderColumn = holderColumn;
        }

        /** The rejection of a taken name: {@code duplicate_<noun>_name}, with the holder as {@code existing_id}. */
        public DomainRejection taken(String name, String holderId) {
            return DomainRejection.conflict("duplicate_" + noun + "_name",
                    "A " + noun + " named '" + name + "' already exists: " + holderId,
                    Map.of("existing_id", holderId));
        }
    }

    /** Claims {@code name} (case-insensitively) in the workspace for {@code holderId}, or rejects with 409. */
    void claim(Kind kind, String workspaceId, String name, String holderId);
}
