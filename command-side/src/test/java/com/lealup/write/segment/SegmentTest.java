package com.lealup.write.segment;

import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.segment.CreateSegment;
import com.lealup.api.segment.SegmentCreated;
import com.lealup.testing.TestClock;
import com.lealup.write.InMemoryNameClaims;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Segments: a name is claimed before the segment exists (the claims themselves: {@code NameClaimsTest}). */
class SegmentTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private final String ws = "wsp_01JD3Q0000000000000000000A";
    private final String seg1 = "seg_01JD3Q0000000000000000001A";
    private final String seg2 = "seg_01JD3Q0000000000000000002A";
    private AggregateTestFixture<Segment> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Segment.class);
        fixture.registerInjectableResource(new InMemoryNameClaims());
        fixture.registerInjectableResource(TestClock.fixedAt(NOW));
    }

    @Test
    void createsASegment() {
        fixture.givenNoPriorActivity()
                .when(new CreateSegment(seg1, ws, "Enterprise"))
                .expectEvents(new SegmentCreated(seg1, ws, "Enterprise", NOW));
    }

    @Test
    void aNameIsTakenWhateverItsCaseAndTheHolderIsNamed() {
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, "Enterprise")).expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new CreateSegment(seg2, ws, "ENTERPRISE"))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "duplicate_segment_name"))
                .expectExceptionMessage("A segment named 'ENTERPRISE' already exists: " + seg1);
    }

    @Test
    void theNameIsRequiredAndAtMost100Characters() {
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, " "))
                .expectNoEvents().expectException(rejection(Kind.INVALID, "required", "name"));
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, "x".repeat(101)))
                .expectNoEvents().expectException(rejection(Kind.INVALID, "too_long", "name"));
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, "x".repeat(100)))
                .expectEvents(new SegmentCreated(seg1, ws, "x".repeat(100), NOW));
    }

    @Test
    void anotherWorkspaceMayUseTheSameName() {
        fixture.givenNoPriorActivity().when(new CreateSegment(seg1, ws, "SMB")).expectSuccessfulHandlerExecution();
        fixture.givenNoPriorActivity()
                .when(new CreateSegment(seg2, ws + "_other", "SMB"))
                .expectEvents(new SegmentCreated(seg2, ws + "_other", "SMB", NOW));
    }
}
