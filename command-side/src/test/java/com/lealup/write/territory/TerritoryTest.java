package com.lealup.write.territory;

import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.territory.CreateTerritory;
import com.lealup.api.territory.TerritoryCreated;
import com.lealup.write.InMemoryNameClaims;
import com.lealup.write.NameClaims;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TerritoryTest {

    private static final String TERRITORY = "ter_01JD3Q0000000000000000000A";
    private static final String WORKSPACE = "wsp_01JD3Q0000000000000000000A";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private InMemoryNameClaims names;

    @BeforeEach
    void setUp() {
        names = new InMemoryNameClaims();
    }

    private AggregateTestFixture<Territory> fixture() {
        AggregateTestFixture<Territory> fixture = new AggregateTestFixture<>(Territory.class);
        fixture.registerInjectableResource(names);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    @Test
    void createsATerritory() {
        fixture().givenNoPriorActivity()
                .when(new CreateTerritory(TERRITORY, WORKSPACE, "LATAM"))
                .expectEvents(new TerritoryCreated(TERRITORY, WORKSPACE, "LATAM", NOW));
    }

    @Test
    void aTakenNameIs409() {
        names.claim(NameClaims.Kind.TERRITORY, WORKSPACE, "LATAM", "ter_other");
        fixture().givenNoPriorActivity()
                .when(new CreateTerritory(TERRITORY, WORKSPACE, "Latam"))
                .expectNoEvents()
                .expectException(rejection(Kind.CONFLICT, "duplicate_territory_name", null));
    }

    @Test
    void theNameIsRequiredAndAtMost200Characters() {
        fixture().givenNoPriorActivity().when(new CreateTerritory(TERRITORY, WORKSPACE, ""))
                .expectNoEvents().expectException(rejection(Kind.INVALID, "required", "name"));
        fixture().givenNoPriorActivity().when(new CreateTerritory(TERRITORY, WORKSPACE, "x".repeat(201)))
                .expectNoEvents().expectException(rejection(Kind.INVALID, "too_long", "name"));
    }

    @Test
    void aNameHoldsNoControlCharacter() {
        for (String name : new String[] {"North\nSouth", "\u001B[31mred"}) {
            fixture().givenNoPriorActivity().when(new CreateTerritory(TERRITORY, WORKSPACE, name))
                    .expectNoEvents().expectException(rejection(Kind.INVALID, "invalid_value", "name"));
        }
    }
}
