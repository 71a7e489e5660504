package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.playbook.PlaybookUpdated;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Whether playbooks stopped their runs, as their own events in the store say: the {@code DELETE} or {@code PATCH} that
 * stopped one committed its event before it answered, so a run not yet done then is cancelled, however far behind the
 * engine and the read models are, and though the playbook was enabled again since. A playbook is a few events
 * (created, each change, deleted), read per batch of runs.
 */
@Component
class PlaybookStates {

    /**
     * A playbook now: {@code enabled}, and the version (its events' sequence number) of the last event that disabled
     * it, -1 if none did.
     */
    record PlaybookState(boolean enabled, long lastDisabledVersion) {

        /**
         * Whether the run's playbook was disabled since the version it matched with, or is now. A run of revision 1,
         * without a version, knows only the latter.
         */
        boolean stoppedSince(PlaybookTriggered run) {
            return !enabled || run.playbookVersion() != null && lastDisabledVersion > run.playbookVersion();
        }
    }

    private final EventStore eventStore;

    PlaybookStates(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Each playbook's state; a deleted one is absent. */
    Map<String, PlaybookState> of(Set<String> playbookIds) {
        Map<String, PlaybookState> states = new HashMap<>();
        for (String playbookId : playbookIds) {
            PlaybookState now = null;
            long lastDisabled = -1;
            for (DomainEventStream events = eventStore.readEvents(playbookId); events.hasNext(); ) {
                DomainEventMessage<?> event = events.next();
                PlaybookDefinition definition = event.getPayload() instanceof PlaybookCreated created
                        ? created.definition()
                        : event.getPayload() instanceof PlaybookUpdated updated ? updated.definition() : null;
                if (definition != null) {
                    boolean enabled = Boolean.TRUE.equals(definition.enabled());
                    if (!enabled) {
                        lastDisabled = event.getSequenceNumber();
                    }
                    now = new PlaybookState(enabled, lastDisabled);
                } else if (event.getPayload() instanceof PlaybookDeleted) {
                    now = null;
                }
            }
            if (now != null) {
                states.put(playbookId, now);
            }
        }
        return states;
    }
}
