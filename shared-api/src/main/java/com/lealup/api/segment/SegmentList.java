package com.lealup.api.segment;

import java.util.List;

public record SegmentList(List<SegmentView> rows) {
}
