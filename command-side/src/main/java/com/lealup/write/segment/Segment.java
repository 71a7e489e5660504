package com.lealup.write.segment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.segment.CreateSegment;
import com.lealup.api.segment.SegmentCreated;
import java.time.Clock;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A named group of customers (e.g. "Enterprise"); names are unique in a workspace, case-insensitively. */
@Aggregate
class Segment {

    @AggregateIdentifier
    private String segmentId;

    Segment() {
        // for Axon
    }

    @CommandHandler
    Segment(CreateSegment command, JdbcClient jdbc, Clock clock) {
        claimName(jdbc, command);
        apply(new SegmentCreated(command.segmentId(), command.workspaceId(), command.name(), clock.instant()));
    }

    /** Set validation in the command's transaction: the claim table is exact, unlike a read model. */
    private static void claimName(JdbcClient jdbc, CreateSegment command) {
        int claimed = jdbc.sql("""
                        INSERT INTO segment_name_claim (workspace_id, name_key, segment_id)
                        VALUES (?, lower(?), ?) ON CONFLICT DO NOTHING""")
                .params(command.workspaceId(), command.name(), command.segmentId())
                .update();
        if (claimed == 0) {
            String holder = jdbc.sql("SELECT segment_id FROM segment_name_claim WHERE workspace_id = ? AND name_key = lower(?)")
                    .params(command.workspaceId(), command.name()).query(String.class).single();
            throw DomainRejection.conflict("duplicate_segment_name",
                    "A segment named '" + command.name() + "' already exists: " + holder, Map.of("existing_id", holder));
        }
    }

    @EventSourcingHandler
    void on(SegmentCreated event) {
        segmentId = event.segmentId();
    }
}
