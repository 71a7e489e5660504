package com.lealup.automation.playbook;

import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/** The metadata of the commands playbooks send: the workspace and the playbook engine as the actor. */
final class SystemCommands {

    static final String ACTOR_ID = "playbook-engine";

    private SystemCommands() {
    }

    /**
     * Inside an event's unit of work the trace id of the request that caused the event carries over by itself
     * (correlation data); outside one (the daily sweep) a new trace starts.
     */
    static MetaData metadata(String workspaceId) {
        MetaData metadata = MetaData.with(MetadataKeys.WORKSPACE_ID, workspaceId)
                .and(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                .and(MetadataKeys.ACTOR_ID, ACTOR_ID);
        return CurrentUnitOfWork.isStarted() ? metadata : metadata.and(MetadataKeys.TRACE_ID, Ids.ulid());
    }
}
