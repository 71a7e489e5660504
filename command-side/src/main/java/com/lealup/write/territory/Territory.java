package com.lealup.write.territory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.territory.CreateTerritory;
import com.lealup.api.territory.TerritoryCreated;
import com.lealup.write.NameClaims;
import com.lealup.write.Validation;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A named area of a workspace (e.g. "LATAM") that users are assigned to; names are unique per workspace. */
@Aggregate
class Territory {

    @AggregateIdentifier
    private String territoryId;

    Territory() {
        // for Axon
    }

    @CommandHandler
    Territory(CreateTerritory command, NameClaims names, Clock clock) {
        Validation fields = new Validation();
        fields.name(command.name());
        fields.throwIfInvalid();
        names.claim(NameClaims.Kind.TERRITORY, command.workspaceId(), command.name(), command.territoryId());
        apply(new TerritoryCreated(command.territoryId(), command.workspaceId(), command.name(), clock.instant()));
    }

    @EventSourcingHandler
    void on(TerritoryCreated event) {
        territoryId = event.territoryId();
    }
}
