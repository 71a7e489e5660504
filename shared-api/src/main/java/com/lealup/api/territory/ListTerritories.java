package com.lealup.api.territory;

import java.util.List;
import java.util.Map;

/** A page of the workspace's territories by name; answers {@link Page}, up to {@code limit + 1} rows. */
public record ListTerritories(String workspaceId, Map<String, String> after, int limit) {

    public record Page(List<TerritoryView> rows) {
    }
}
