package com.lealup.automation.playbook;

import com.lealup.api.playbook.PlaybookTriggered;
import com.lealup.api.projections.Lingers;
import com.lealup.api.projections.ParkedOutsideItsProcessor;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Queues each run for its actions ({@link PlaybookRunQueue}), which the {@link PlaybookActionDispatcher} works off
 * fairly between workspaces; nothing is done here. Done in the store's order, a burst of one workspace's runs held
 * every other workspace's runs behind it. A policy: never replayed. A run that fails when its actions are done is
 * parked in this group's dead-letter queue ({@link PlaybookRunParking}): the customer's runs that come here after it
 * join its letter instead of the queue.
 */
@Component
@ProcessingGroup(PlaybookActionPolicy.PROCESSING_GROUP)
@Lingers
@DisallowReplay
@ParkedOutsideItsProcessor
class PlaybookActionPolicy {

    static final String PROCESSING_GROUP = "playbook-actions";

    private final PlaybookRunQueue queue;

    PlaybookActionPolicy(PlaybookRunQueue queue) {
        this.queue = queue;
    }

    /** At the event's position, also when a run parked as a dead letter is retried: it comes back to its place. */
    @EventHandler
    void on(PlaybookTriggered run, TrackingToken position) {
        queue.add(run, position.position().orElseThrow());
    }
}
