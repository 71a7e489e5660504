package com.lealup.api.customer;

import java.util.Map;

/**
 * A page of the workspace's customers that are not deleted. {@code after} is the keyset position (sort
 * key values and id) of the last row of the previous page, empty for the first; answers up to
 * {@code limit + 1} rows so the caller can tell whether there are more.
 */
public record ListCustomers(String workspaceId, CustomerFilter filter, CustomerSort sort, Map<String, String> after,
                            int limit) {
}
