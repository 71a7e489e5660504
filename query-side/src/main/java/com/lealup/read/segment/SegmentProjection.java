package com.lealup.read.segment;

import com.lealup.api.projections.ReadModelTables;
import com.lealup.api.segment.FindSegment;
import com.lealup.api.segment.SegmentCreated;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The segments read model ({@code segment_view}); {@link SegmentQueries} answers its queries. */
@Component
@ProcessingGroup("segments")
@ReadModelTables({"segment_view"})
class SegmentProjection {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;
    private final SegmentQueries queries;

    SegmentProjection(JdbcClient jdbc, QueryUpdateEmitter emitter, SegmentQueries queries) {
        this.jdbc = jdbc;
        this.emitter = emitter;
        this.queries = queries;
    }

    @EventHandler
    void on(SegmentCreated event) {
        jdbc.sql("""
                        INSERT INTO segment_view (id, workspace_id, name, name_key, created_at) VALUES (?, ?, ?, lower(?), ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(event.segmentId(), event.workspaceId(), event.name(), event.name(), Timestamp.from(event.createdAt()))
                .update();
        // the row as stored, so that the write answers created_at as every read does (microseconds, not the event's nanos)
        queries.handle(new FindSegment(event.workspaceId(), event.segmentId())).ifPresent(view ->
                emitter.emit(FindSegment.class, q -> q.segmentId().equals(event.segmentId()), view));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE segment_view").update();
    }
}
