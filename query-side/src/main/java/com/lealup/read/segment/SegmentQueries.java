package com.lealup.read.segment;

import com.lealup.api.segment.FindSegment;
import com.lealup.api.segment.ListSegments;
import com.lealup.api.segment.SegmentList;
import com.lealup.api.segment.SegmentView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The queries of the segments read model ({@code segment_view}, kept by {@link SegmentProjection}). */
@Component
class SegmentQueries {

    private final JdbcClient jdbc;

    SegmentQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Optional<SegmentView> handle(FindSegment query) {
        return jdbc.sql("SELECT * FROM segment_view WHERE id = ? AND workspace_id = ?")
                .params(query.segmentId(), query.workspaceId())
                .query(SegmentQueries::segment).optional();
    }

    @QueryHandler
    SegmentList handle(ListSegments query) {
        String afterKey = query.after().getOrDefault("name", "");
        String afterId = query.after().getOrDefault("id", "");
        return new SegmentList(jdbc.sql("""
                        SELECT * FROM segment_view WHERE workspace_id = ? AND (name_key, id) > (lower(?), ?)
                        ORDER BY name_key, id LIMIT ?""")
                .params(query.workspaceId(), afterKey, afterId, query.limit() + 1)
                .query(SegmentQueries::segment).list());
    }

    private static SegmentView segment(ResultSet rs, int row) throws SQLException {
        return new SegmentView(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                rs.getTimestamp("created_at").toInstant());
    }
}
