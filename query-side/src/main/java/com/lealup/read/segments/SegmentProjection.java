package com.lealup.read.segments;

import com.lealup.api.segment.FindSegment;
import com.lealup.api.segment.ListSegments;
import com.lealup.api.segment.SegmentCreated;
import com.lealup.api.segment.SegmentList;
import com.lealup.api.segment.SegmentView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The segments read model ({@code segment_view}) and its queries. */
@Component
@ProcessingGroup("segments")
class SegmentProjection {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;

    SegmentProjection(JdbcClient jdbc, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.emitter = emitter;
    }

    @EventHandler
    void on(SegmentCreated event) {
        jdbc.sql("""
                        INSERT INTO segment_view (id, workspace_id, name, name_key, created_at) VALUES (?, ?, ?, lower(?), ?)
                        ON CONFLICT (id) DO NOTHING""")
                .params(event.segmentId(), event.workspaceId(), event.name(), event.name(), Timestamp.from(event.createdAt()))
                .update();
        SegmentView view = new SegmentView(event.segmentId(), event.workspaceId(), event.name(), event.createdAt());
        emitter.emit(FindSegment.class, q -> q.segmentId().equals(event.segmentId()), view);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE segment_view").update();
    }

    @QueryHandler
    SegmentView handle(FindSegment query) {
        return jdbc.sql("SELECT * FROM segment_view WHERE id = ? AND workspace_id = ?")
                .params(query.segmentId(), query.workspaceId())
                .query(SegmentProjection::segment).optional().orElse(null);
    }

    @QueryHandler
    SegmentList handle(ListSegments query) {
        String afterKey = query.after().getOrDefault("name", "");
        String afterId = query.after().getOrDefault("id", "");
        return new SegmentList(jdbc.sql("""
                        SELECT * FROM segment_view WHERE workspace_id = ? AND (name_key, id) > (lower(?), ?)
                        ORDER BY name_key, id LIMIT ?""")
                .params(query.workspaceId(), afterKey, afterId, query.limit() + 1)
                .query(SegmentProjection::segment).list());
    }

    private static SegmentView segment(ResultSet rs, int row) throws SQLException {
        return new SegmentView(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
