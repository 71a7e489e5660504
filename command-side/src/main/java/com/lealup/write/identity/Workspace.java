package com.lealup.write.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.identity.CreateWorkspace;
import com.lealup.api.identity.Tiers;
import com.lealup.api.identity.WorkspaceCreated;
import com.lealup.write.Validation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** A tenant: owns everything else. Its name and tier are fixed at creation for now. */
@Aggregate
class Workspace {

    @AggregateIdentifier
    private String workspaceId;

    Workspace() {
        // for Axon
    }

    /** Creating an existing workspace again changes nothing (see {@link CreateWorkspace}). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(CreateWorkspace command) {
        if (workspaceId != null) {
            return false;
        }
        Validation fields = new Validation();
        fields.name(command.name());
        fields.oneOf("tier", command.tier(), Tiers.ALL);
        fields.throwIfInvalid();
        apply(new WorkspaceCreated(command.workspaceId(), command.name(), command.tier()));
        return true;
    }

    @EventSourcingHandler
    void on(WorkspaceCreated event) {
        workspaceId = event.workspaceId();
    }
}
