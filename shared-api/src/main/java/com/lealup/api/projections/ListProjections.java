package com.lealup.api.projections;

import java.util.List;

/**
 * Every event processor's status by name, or only the one named {@code name} when it is set (none when there is
 * no such processor). Answers {@link Result}. An operator's view: processors span every workspace.
 */
public record ListProjections(String name) {

    public record Result(List<ProjectionStatus> projections) {
    }
}
