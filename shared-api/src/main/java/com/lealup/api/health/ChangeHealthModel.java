package com.lealup.api.health;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial change of a workspace's model: {@code dimensions} lists only the dimensions that change (by key), in the
 * order of the request body, whose paths ({@code dimensions[0].weight}) the rejections name;
 * a null threshold is unchanged; {@code expectedVersion} (If-Match) may be null.
 */
public record ChangeHealthModel(@TargetAggregateIdentifier String modelId, String workspaceId, Integer expectedVersion,
                                List<DimensionChange> dimensions, Integer healthy, Integer atRisk) {

    /** A null field is unchanged. */
    public record DimensionChange(String key, Boolean enabled, Integer weight) {
    }
}
