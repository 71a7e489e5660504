package com.lealup.automation;

import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/** The metadata of the commands the system sends on its own (policies, sweeps, pollers, playbook actions). */
public final class SystemCommands {

    private SystemCommands() {
    }

    /**
     * The workspace (none for commands of no workspace, such as the playbook calendar's day) and the system actor
     * {@code actorId}. Inside an event's unit of work the trace id of the request that caused the event carries over
     * by itself (correlation data); outside one (a sweep, a poller) a new trace starts.
     */
    public static MetaData metadata(String actorId, String workspaceId) {
        return metadata(Actor.SYSTEM, actorId, workspaceId);
    }

    /** A playbook's action: the playbook is its actor, so the customer's history shows which playbook changed it. */
    public static MetaData ofPlaybook(String playbookId, String workspaceId) {
        return metadata(Actor.PLAYBOOK, playbookId, workspaceId);
    }

    /**
     * A chunk of an import job: the job is its actor, so an imported customer's history names the import, and the
     * trace id is the one of the request that started the job.
     */
    public static MetaData ofImport(String jobId, String workspaceId, String traceId) {
        MetaData metadata = metadata(Actor.IMPORT, jobId, workspaceId);
        return traceId == null ? metadata : metadata.and(MetadataKeys.TRACE_ID, traceId);
    }

    private static MetaData metadata(String actorType, String actorId, String workspaceId) {
        MetaData metadata = MetaData.with(MetadataKeys.ACTOR_TYPE, actorType).and(MetadataKeys.ACTOR_ID, actorId);
        if (workspaceId != null) {
            metadata = metadata.and(MetadataKeys.WORKSPACE_ID, workspaceId);
        }
        return CurrentUnitOfWork.isStarted() ? metadata : metadata.and(MetadataKeys.TRACE_ID, Ids.ulid());
    }
}
