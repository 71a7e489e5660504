package com.lealup.write.territory;

/**
 * Set validation of territory names, never from a read model: a name is unique in its workspace,
 * case-insensitively. Rejects with a DomainRejection; the JDBC implementation works in the transaction of the
 * command being handled, so a rejected or failed command leaves no trace.
 */
interface TerritoryNames {

    /** Claims {@code name} (case-insensitively) for the territory, or rejects with 409 naming its holder. */
    void claim(String workspaceId, String name, String territoryId);
}
