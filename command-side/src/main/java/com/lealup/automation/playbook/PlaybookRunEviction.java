package com.lealup.automation.playbook;

import com.lealup.api.deadletters.EvictedLetters;
import com.lealup.api.playbook.PlaybookTriggered;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.stereotype.Component;

/**
 * A parked run that the operator evicts will never act: each of its actions fails with {@code dropped}, so the run
 * no longer reads as still to do. Its actions are all undecided (a parked run's transaction was rolled back whole;
 * a run that joined the letter never started), and an outcome already recorded would be kept.
 */
@Component
class PlaybookRunEviction implements EvictedLetters {

    private final PlaybookActionRunner runner;

    PlaybookRunEviction(PlaybookActionRunner runner) {
        this.runner = runner;
    }

    @Override
    public String processingGroup() {
        return PlaybookActionPolicy.PROCESSING_GROUP;
    }

    @Override
    public void evicted(EventMessage<?> letter) {
        if (letter.getPayload() instanceof PlaybookTriggered run) {
            runner.cancel(run, "dropped", "An operator dropped this run from the dead letters");
        }
    }
}
