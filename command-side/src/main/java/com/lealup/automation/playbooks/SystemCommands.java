package com.lealup.automation.playbooks;

import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The metadata of the commands playbooks send: the workspace, and as the actor the playbook engine (runs, the day
 * sweep) or the playbook whose action it is (what its actions change shows the playbook in the customer's history).
 */
final class SystemCommands {

    static final String ACTOR_ID = "playbook-engine";

    private SystemCommands() {
    }

    /**
     * Inside an event's unit of work the trace id of the request that caused the event carries over by itself
     * (correlation data); outside one (the daily sweep) a new trace starts.
     */
    static MetaData metadata(String workspaceId) {
        return metadata(workspaceId, Actor.SYSTEM, ACTOR_ID);
    }

    /** The metadata of a playbook's action: the playbook is the actor. */
    static MetaData ofPlaybook(String workspaceId, String playbookId) {
        return metadata(workspaceId, Actor.PLAYBOOK, playbookId);
    }

    private static MetaData metadata(String workspaceId, String actorType, String actorId) {
        MetaData metadata = MetaData.with(MetadataKeys.WORKSPACE_ID, workspaceId)
                .and(MetadataKeys.ACTOR_TYPE, actorType)
                .and(MetadataKeys.ACTOR_ID, actorId);
        return CurrentUnitOfWork.isStarted() ? metadata : metadata.and(MetadataKeys.TRACE_ID, Ids.ulid());
    }
}
