package com.lealup.app.deadletters;

import java.util.Map;
import java.util.Set;

/**
 * The processing groups of this application (one per projection or policy), and whether each may replay: a
 * policy marked {@code @DisallowReplay} acts on the world (sends commands, delivers notifications) and must never
 * handle past events again. Public for the projections operations ({@code app/projections}).
 */
public record ProcessingGroups(Map<String, Boolean> replayable) {

    public Set<String> names() {
        return replayable.keySet();
    }

    public boolean contains(String group) {
        return replayable.containsKey(group);
    }

    public boolean replayable(String group) {
        return replayable.getOrDefault(group, false);
    }
}
