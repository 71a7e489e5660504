package com.lealup.write.segment;

import static com.lealup.write.RejectionMatcher.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.segment.CreateSegment;
import com.lealup.api.segment.SegmentCreated;
import com.lealup.testing.TestClock;
import com.lealup.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Segments: names unique per workspace, case-insensitively, claimed in the command's transaction (real tables). */
class SegmentTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private final JdbcClient jdbc = TestDatabase.jdbc();
    // ids of their own per test: the claims stay in the one database of the test JVM
    private final long run = System.nanoTime();
    private final String ws = "wsp_segment_test_" + run;
    private final String seg1 = "seg_1_" + run;
    private final String seg2 = "seg_2_" + run;
    private AggregateTestFixture<Segment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Segment.class);
        fixture.registerInjectableResource(jdbc);
        fixture.registerInjectableResource(TestClock.fixedAt(NOW));
    }

    @Test
    void createsASegmentAndClaimsItsName() {
        fixture.givenNoPriorActivity()
                .when(new CreateSegment(seg1, ws, "Enterprise"))
                .expectEvents(new SegmentCreated(seg1, ws, "Enterprise", NOW));
        assertThat(claims()).containsExactly("enterprise " + seg1);
    }

    @Test
    void aNameIsTakenWhateverItsCaseAndTheHolderIsNamed() {
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, "Enterprise")).expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new CreateSegment(seg2, ws, "ENTERPRISE"))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "duplicate_segment_name"))
                .expectExceptionMessage("A segment named 'ENTERPRISE' already exists: " + seg1);
        assertThat(claims()).containsExactly("enterprise " + seg1);
    }

    @Test
    void anotherWorkspaceMayUseTheSameName() {
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, "SMB")).expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new CreateSegment(seg2, ws + "_other", "SMB"))
                .expectEvents(new SegmentCreated(seg2, ws + "_other", "SMB", NOW));
    }

    private List<String> claims() {
        return jdbc.sql("SELECT name_key || ' ' || segment_id FROM segment_name_claim WHERE workspace_id = ?")
                .params(ws).query(String.class).list();
    }
}
