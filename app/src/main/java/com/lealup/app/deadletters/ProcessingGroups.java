package com.lealup.app.deadletters;

import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ParkedOutsideItsProcessor;
import com.lealup.app.cluster.Role;
import java.util.Map;
import java.util.Set;

/**
 * The processing groups of this application (one per projection or policy), and whether each may replay: a
 * policy marked {@code @DisallowReplay} acts on the world (sends commands, delivers notifications) and must never
 * handle past events again; and the role that runs each ({@link Role#runningHandlersOf}: projections {@code query},
 * policies {@code automation}); whether it {@link Lingers lingers} (every handler class of the group is marked); and
 * whether its letters are also {@link ParkedOutsideItsProcessor parked outside its processor} (a handler class is
 * marked).
 * Public for the projections operations ({@code app/projections}) and the processor configuration ({@code app/axon}).
 */
public record ProcessingGroups(Map<String, Boolean> replayable, Map<String, Role> roles,
                               Map<String, Boolean> lingering, Set<String> parkedOutside) {

    public Set<String> names() {
        return replayable.keySet();
    }

    public boolean contains(String group) {
        return replayable.containsKey(group);
    }

    /** The role a node needs to run the group's processor. */
    public Role role(String group) {
        return roles.get(group);
    }

    public boolean replayable(String group) {
        return replayable.getOrDefault(group, false);
    }

    /** Whether no request waits for the group's writes, so that its processor may linger for larger batches. */
    public boolean lingers(String group) {
        return lingering.getOrDefault(group, false);
    }

    /** Whether something besides the group's processor parks its letters, so that no cache may tell them. */
    public boolean parkedOutside(String group) {
        return parkedOutside.contains(group);
    }
}
