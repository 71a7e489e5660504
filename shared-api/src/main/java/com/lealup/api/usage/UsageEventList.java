package com.lealup.api.usage;

import java.util.List;

public record UsageEventList(List<UsageEventView> rows) {
}
