package com.lealup.api.segment;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A new segment; its name is not blank and at most {@value #MAX_NAME_LENGTH} characters. */
public record CreateSegment(@TargetAggregateIdentifier String segmentId, String workspaceId, String name) {

    public static final int MAX_NAME_LENGTH = 100;
}
