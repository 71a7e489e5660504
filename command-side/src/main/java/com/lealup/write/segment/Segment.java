package com.lealup.write.segment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.segment.CreateSegment;
import com.lealup.api.segment.SegmentCreated;
import com.lealup.write.NameClaims;
import com.lealup.write.Validation;
import java.time.Clock;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A named group of customers (e.g. "Enterprise"); names are unique in a workspace, case-insensitively. */
@Aggregate
class Segment {

    @AggregateIdentifier
    private String segmentId;

    Segment() {
        // for Axon
    }

    @CommandHandler
    Segment(CreateSegment command, NameClaims names, Clock clock) {
        Validation fields = new Validation();
        fields.name(command.name(), CreateSegment.MAX_NAME_LENGTH);
        fields.throwIfInvalid();
        // set validation in the command's transaction: the claim table is exact, unlike a read model
        names.claim(NameClaims.Kind.SEGMENT, command.workspaceId(), command.name(), command.segmentId());
        apply(new SegmentCreated(command.segmentId(), command.workspaceId(), command.name(), clock.instant()));
    }

    @EventSourcingHandler
    void on(SegmentCreated event) {
        segmentId = event.segmentId();
    }
}
