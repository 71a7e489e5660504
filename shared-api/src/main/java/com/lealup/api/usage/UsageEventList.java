package com.lealup.api.usage;

import java.util.List;

/**
 * A page of {@link ListUsageEvents}: {@code rows} holds the page's {@code pageSize} events, and one more row when
 * more follow (its properties are not read). {@code pageSize} is the limit asked, or fewer when the page's properties
 * reached the byte budget of a page (docs/ingestion.md).
 */
public record UsageEventList(List<UsageEventView> rows, int pageSize) {
}
