package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookUpdated;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Whether playbooks are enabled now, as their own events in the store say: the {@code DELETE} or {@code PATCH} that
 * stopped one committed its event before it answered, so a run not yet done then is cancelled, however far behind the
 * engine and the read models are. A playbook is a few events (created, each change, deleted), read per batch of runs.
 */
@Component
class PlaybookStates {

    private final EventStore eventStore;

    PlaybookStates(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** Each playbook's {@code enabled}; a deleted one is absent. */
    Map<String, Boolean> enabled(Set<String> playbookIds) {
        Map<String, Boolean> enabled = new HashMap<>();
        for (String playbookId : playbookIds) {
            Boolean now = null;
            for (DomainEventStream events = eventStore.readEvents(playbookId); events.hasNext(); ) {
                Object event = events.next().getPayload();
                if (event instanceof PlaybookCreated created) {
                    now = Boolean.TRUE.equals(created.definition().enabled());
                } else if (event instanceof PlaybookUpdated updated) {
                    now = Boolean.TRUE.equals(updated.definition().enabled());
                } else if (event instanceof PlaybookDeleted) {
                    now = null;
                }
            }
            if (now != null) {
                enabled.put(playbookId, now);
            }
        }
        return enabled;
    }
}
