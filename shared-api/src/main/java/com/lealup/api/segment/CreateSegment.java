package com.lealup.api.segment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateSegment(@TargetAggregateIdentifier String segmentId, String workspaceId, String name) {
}
