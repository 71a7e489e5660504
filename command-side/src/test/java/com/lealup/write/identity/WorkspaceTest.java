package com.lealup.write.identity;

import com.lealup.api.DomainRejection;
import com.lealup.write.RejectionMatcher;
import com.lealup.api.identity.CreateWorkspace;
import com.lealup.api.identity.WorkspaceCreated;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkspaceTest {

    private static final String ID = "wsp_01JD3Q0000000000000000000A";

    private AggregateTestFixture<Workspace> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Workspace.class);
    }

    @Test
    void createsAWorkspace() {
        fixture.givenNoPriorActivity()
                .when(new CreateWorkspace(ID, "Acme", "growth"))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(true)
                .expectEvents(new WorkspaceCreated(ID, "Acme", "growth"));
    }

    @Test
    void creatingItAgainChangesNothing() {
        fixture.given(new WorkspaceCreated(ID, "Acme", "growth"))
                .when(new CreateWorkspace(ID, "Other", "scale"))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void nameIsRequired() {
        rejects(new CreateWorkspace(ID, null, "growth"), "name", "required");
        rejects(new CreateWorkspace(ID, "  ", "growth"), "name", "required");
    }

    @Test
    void nameHasAtMost200Characters() {
        rejects(new CreateWorkspace(ID, "x".repeat(201), "growth"), "name", "too_long");
        fixture.givenNoPriorActivity().when(new CreateWorkspace(ID, "x".repeat(200), "free"))
                .expectEvents(new WorkspaceCreated(ID, "x".repeat(200), "free"));
    }

    @Test
    void tierIsOneOfTheTiers() {
        rejects(new CreateWorkspace(ID, "Acme", null), "tier", "required");
        rejects(new CreateWorkspace(ID, "Acme", "platinum"), "tier", "unknown_value");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        fixture.givenNoPriorActivity().when(new CreateWorkspace(ID, "", "gold"))
                .expectNoEvents()
                .expectException(RejectionMatcher.invalidFields("name required", "tier unknown_value"));
    }

    private void rejects(CreateWorkspace command, String field, String code) {
        fixture.givenNoPriorActivity().when(command)
                .expectNoEvents()
                .expectException(RejectionMatcher.rejection(DomainRejection.Kind.INVALID, code, field));
    }
}
