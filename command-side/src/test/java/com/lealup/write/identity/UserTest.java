package com.lealup.write.identity;

import static com.lealup.write.RejectionMatcher.invalidFields;
import static com.lealup.write.RejectionMatcher.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.identity.ChangeUserRole;
import com.lealup.api.identity.DeactivateUser;
import com.lealup.api.identity.InviteUser;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.UserDeactivated;
import com.lealup.api.identity.UserInvited;
import com.lealup.api.identity.UpdateUser;
import com.lealup.api.identity.UserRoleChanged;
import com.lealup.api.identity.UserUpdated;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserTest {

    private static final String USER = "usr_01JD3Q0000000000000000000A";
    private static final String WORKSPACE = "wsp_01JD3Q0000000000000000000A";
    private static final String OTHER_WORKSPACE = "wsp_01JD3Q0000000000000000000B";
    private static final String TERRITORY = "ter_01JD3Q0000000000000000000A";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private InMemoryIdentityDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryIdentityDirectory();
    }

    /** A fresh fixture per scenario, sharing the directory of the test. */
    private AggregateTestFixture<User> fixture() {
        AggregateTestFixture<User> fixture = new AggregateTestFixture<>(User.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    @Test
    void invitesWithALowercaseEmailAndClaimsIt() {
        directory.territories.add(TERRITORY);
        fixture().givenNoPriorActivity()
                .when(invite(" Ana@LealUp.com ", "csm", "es", "Europe/Madrid", List.of(TERRITORY, TERRITORY)))
                .expectEvents(new UserInvited(USER, WORKSPACE, "ana@lealup.com", "csm", "es", "Europe/Madrid",
                        List.of(TERRITORY), NOW));
        assertThat(directory.usersByEmail).containsEntry("ana@lealup.com", USER);
        assertThat(directory.admins).isZero();
    }

    @Test
    void anInvitedAdminCountsAsAnAdmin() {
        fixture().givenNoPriorActivity().when(invite("ana@lealup.com", "admin", "en", "UTC", null))
                .expectEvents(new UserInvited(USER, WORKSPACE, "ana@lealup.com", "admin", "en", "UTC", List.of(), NOW));
        assertThat(directory.admins).isEqualTo(1);
    }

    @Test
    void badFieldsAre400() {
        rejectsInvite(invite(null, "csm", "es", "UTC", null), Kind.INVALID, "required", "email");
        rejectsInvite(invite("not-an-email", "csm", "es", "UTC", null), Kind.INVALID, "invalid_format", "email");
        // the one rule of every email the API takes (Emails), owner_email's and contacts' too
        rejectsInvite(invite("a@b.c", "csm", "es", "UTC", null), Kind.INVALID, "invalid_format", "email");
        rejectsInvite(invite("a".repeat(65) + "@lealup.com", "csm", "es", "UTC", null), Kind.INVALID, "invalid_format", "email");
        // white space as the OpenAPI pattern (ECMA-262) means it, and empty labels: look-alikes of another user
        for (String lookalike : List.of("\u00A0ana@lealup.com", "ana@lealup.com\u2028", "ana\u3000@lealup.com",
                "ana@lealup.com\uFEFF", "ana@lealup.com.", "ana@lealup..com", "ana@.lealup.com",
                // invisible characters: zero-width, soft hyphen, joiners, bidi marks and controls
                "ana\u200B@lealup.com", "an\u00ADa@lealup.com", "ana@leal\u200Dup.com", "ana\u2060@lealup.com",
                "\u202Eana@lealup.com", "ana@lealup.co\u2066m", "an\u0007a@lealup.com", "ana\u0085@lealup.com")) {
            rejectsInvite(invite(lookalike, "csm", "es", "UTC", null), Kind.INVALID, "invalid_format", "email");
        }
        rejectsInvite(invite("a@" + "x".repeat(320) + ".com", "csm", "es", "UTC", null), Kind.INVALID, "too_long", "email");
        rejectsInvite(invite("ana@lealup.com", "owner", "es", "UTC", null), Kind.INVALID, "unknown_value", "role");
        rejectsInvite(invite("ana@lealup.com", "csm", "fr", "UTC", null), Kind.INVALID, "unknown_value", "locale");
        rejectsInvite(invite("ana@lealup.com", "csm", null, "UTC", null), Kind.INVALID, "required", "locale");
        rejectsInvite(invite("ana@lealup.com", "csm", "es", "Mars/Olympus", null), Kind.INVALID, "invalid_format", "timezone");
        rejectsInvite(invite("ana@lealup.com", "csm", "es", "+02:00", null), Kind.INVALID, "invalid_format", "timezone");
        rejectsInvite(invite("ana@lealup.com", "csm", "es", "SystemV/EST5", null), Kind.INVALID, "invalid_format", "timezone");
        rejectsInvite(invite("ana@lealup.com", "csm", "es", "EST", null), Kind.INVALID, "invalid_format", "timezone");
        rejectsInvite(invite("ana@lealup.com", "csm", "es", "europe/madrid", null), Kind.INVALID, "invalid_format", "timezone");
        rejectsInvite(invite("ana@lealup.com", "csm", "es", null, null), Kind.INVALID, "required", "timezone");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        fixture().givenNoPriorActivity().when(invite("bad", "x", "fr", "EST", null))
                .expectNoEvents()
                .expectException(invalidFields("email invalid_format", "role unknown_value", "locale unknown_value",
                        "timezone invalid_format"));
        fixture().givenNoPriorActivity().when(invite(null, null, null, null, null))
                .expectNoEvents()
                .expectException(invalidFields("email required", "role required", "locale required",
                        "timezone required"));
    }

    /** The territories are looked up only for a valid body: a bad field is a 400, not the 422 of the territory. */
    @Test
    void badFieldsComeBeforeUnknownTerritories() {
        rejectsInvite(invite("bad", "csm", "es", "UTC", List.of(TERRITORY)), Kind.INVALID, "invalid_format", "email");
    }

    @Test
    void aLongBadValueIsQuotedShort() {
        String role = "x".repeat(3_000);
        fixture().givenNoPriorActivity().when(invite("ana@lealup.com", role, "es", "UTC", null))
                .expectNoEvents()
                .expectExceptionMessage("role must be one of " + String.join(", ", Roles.ALL) + ", not '"
                        + "x".repeat(100) + "…'");
        fixture().givenNoPriorActivity().when(invite("ana@lealup.com", "csm", "es", "Mars/" + role, null))
                .expectNoEvents()
                .expectExceptionMessage(endsWith(", not 'Mars/" + "x".repeat(95) + "…'"));
    }

    @Test
    void takesTheNamesOfTheTzDatabaseThatTheJdkHasRulesFor() {
        for (String zone : List.of("America/New_York", "Asia/Kolkata", "UTC", "Etc/GMT+5", "US/Eastern", "EST5EDT")) {
            directory = new InMemoryIdentityDirectory();
            fixture().givenNoPriorActivity().when(invite("ana@lealup.com", "csm", "en", zone, null))
                    .expectEvents(new UserInvited(USER, WORKSPACE, "ana@lealup.com", "csm", "en", zone, List.of(), NOW));
        }
    }

    @Test
    void anUnknownTerritoryIs422() {
        rejectsInvite(invite("ana@lealup.com", "csm", "es", "UTC", List.of(TERRITORY)), Kind.UNPROCESSABLE,
                "unknown_territory", "initial_territory_ids");
    }

    @Test
    void aTakenEmailIs409() {
        directory.usersByEmail.put("ana@lealup.com", "usr_other");
        rejectsInvite(invite("ANA@lealup.com", "csm", "es", "UTC", null), Kind.CONFLICT, "duplicate_email", null);
    }

    @Test
    void changesTheRoleAndAnswersTheNewVersion() {
        fixture().given(invited("csm"))
                .when(new ChangeUserRole(USER, WORKSPACE, "manager", null))
                .expectResultMessagePayload(2L)
                .expectEvents(new UserRoleChanged(USER, WORKSPACE, "manager", NOW));
    }

    @Test
    void theSameRoleAgainChangesNothing() {
        fixture().given(invited("csm"))
                .when(new ChangeUserRole(USER, WORKSPACE, "csm", null))
                .expectResultMessagePayload(1L)
                .expectNoEvents();
    }

    @Test
    void promotionAndDemotionKeepTheAdminCount() {
        directory.admins = 1;
        fixture().given(invited("csm")).when(new ChangeUserRole(USER, WORKSPACE, "admin", null))
                .expectEvents(new UserRoleChanged(USER, WORKSPACE, "admin", NOW));
        assertThat(directory.admins).isEqualTo(2);
        fixture().given(invited("admin")).when(new ChangeUserRole(USER, WORKSPACE, "viewer", null))
                .expectEvents(new UserRoleChanged(USER, WORKSPACE, "viewer", NOW));
        assertThat(directory.admins).isEqualTo(1);
    }

    @Test
    void theLastAdminCannotBeDemotedNorDeactivated() {
        directory.admins = 1;
        fixture().given(invited("admin")).when(new ChangeUserRole(USER, WORKSPACE, "manager", null))
                .expectNoEvents().expectException(rejection(Kind.CONFLICT, "last_admin", null));
        fixture().given(invited("admin")).when(new DeactivateUser(USER, WORKSPACE))
                .expectNoEvents().expectException(rejection(Kind.CONFLICT, "last_admin", null));
        assertThat(directory.admins).isEqualTo(1);
        assertThat(directory.deactivated).isEmpty();
    }

    @Test
    void aRoleChangeNamingAStaleVersionIsRefused() {
        fixture().given(invited("csm")).when(new ChangeUserRole(USER, WORKSPACE, "manager", 2L))
                .expectNoEvents().expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch", null));
        fixture().given(invited("csm")).when(new ChangeUserRole(USER, WORKSPACE, "manager", 1L))
                .expectResultMessagePayload(2L)
                .expectEvents(new UserRoleChanged(USER, WORKSPACE, "manager", NOW));
    }

    @Test
    void anUnknownRoleIs400() {
        fixture().given(invited("csm")).when(new ChangeUserRole(USER, WORKSPACE, "owner", null))
                .expectNoEvents().expectException(rejection(Kind.INVALID, "unknown_value", "role"));
    }

    @Test
    void deactivatesAndReleasesTheUser() {
        fixture().given(invited("csm"))
                .when(new DeactivateUser(USER, WORKSPACE))
                .expectResultMessagePayload(2L)
                .expectEvents(new UserDeactivated(USER, WORKSPACE, NOW));
        assertThat(directory.deactivated).containsExactly(USER);
    }

    @Test
    void aDeactivatedUserCannotChange() {
        fixture().given(invited("csm"), new UserDeactivated(USER, WORKSPACE, NOW))
                .when(new DeactivateUser(USER, WORKSPACE))
                .expectNoEvents().expectException(rejection(Kind.CONFLICT, "user_deactivated", null));
        fixture().given(invited("csm"), new UserDeactivated(USER, WORKSPACE, NOW))
                .when(new ChangeUserRole(USER, WORKSPACE, "viewer", null))
                .expectNoEvents().expectException(rejection(Kind.CONFLICT, "user_deactivated", null));
    }

    @Test
    void aUserOfAnotherWorkspaceIsNotFound() {
        fixture().given(invited("csm")).when(new ChangeUserRole(USER, OTHER_WORKSPACE, "viewer", null))
                .expectNoEvents().expectException(rejection(Kind.NOT_FOUND, "not_found", null));
        fixture().given(invited("csm")).when(new DeactivateUser(USER, OTHER_WORKSPACE))
                .expectNoEvents().expectException(rejection(Kind.NOT_FOUND, "not_found", null));
    }

    @Test
    void updatesOnlyWhatIsSentAndCarriesTheWholeOfTheThree() {
        directory.territories.add(TERRITORY);
        fixture().given(invited("csm"))
                .when(new UpdateUser(USER, WORKSPACE, null, "pt", null, null))
                .expectResultMessagePayload(2L)
                .expectEvents(new UserUpdated(USER, WORKSPACE, "pt", "UTC", List.of(), NOW));
        fixture().given(invited("csm"))
                .when(new UpdateUser(USER, WORKSPACE, 1L, null, "America/New_York", List.of(TERRITORY, TERRITORY)))
                .expectResultMessagePayload(2L)
                .expectEvents(new UserUpdated(USER, WORKSPACE, "es", "America/New_York", List.of(TERRITORY), NOW));
    }

    @Test
    void anEmptyListClearsTheTerritories() {
        fixture().given(invited("csm"), new UserUpdated(USER, WORKSPACE, "es", "UTC", List.of(TERRITORY), NOW))
                .when(new UpdateUser(USER, WORKSPACE, null, null, null, List.of()))
                .expectResultMessagePayload(3L)
                .expectEvents(new UserUpdated(USER, WORKSPACE, "es", "UTC", List.of(), NOW));
    }

    @Test
    void anUpdateRepeatingWhatTheUserHoldsChangesNothing() {
        directory.territories.add(TERRITORY);
        fixture().given(invited("csm"))
                .when(new UpdateUser(USER, WORKSPACE, null, "es", "UTC", List.of()))
                .expectResultMessagePayload(1L).expectNoEvents();
        fixture().given(invited("csm"))
                .when(new UpdateUser(USER, WORKSPACE, null, null, null, null))
                .expectResultMessagePayload(1L).expectNoEvents();
        fixture().given(invited("csm"), new UserUpdated(USER, WORKSPACE, "en", "UTC", List.of(TERRITORY), NOW))
                .when(new UpdateUser(USER, WORKSPACE, null, "en", null, List.of(TERRITORY, TERRITORY)))
                .expectResultMessagePayload(2L).expectNoEvents();
        // the invitation's territories are the user's state too
        fixture().given(new UserInvited(USER, WORKSPACE, "ana@lealup.com", "csm", "es", "UTC", List.of(TERRITORY), NOW))
                .when(new UpdateUser(USER, WORKSPACE, null, null, null, List.of(TERRITORY)))
                .expectResultMessagePayload(1L).expectNoEvents();
    }

    @Test
    void anUpdateTakesTheInvitationsRules() {
        fixture().given(invited("csm")).when(new UpdateUser(USER, WORKSPACE, null, "fr", null, null))
                .expectNoEvents().expectException(rejection(Kind.INVALID, "unknown_value", "locale"));
        for (String zone : List.of("+02:00", "EST", "SystemV/EST5", "Mars/Olympus")) {
            fixture().given(invited("csm")).when(new UpdateUser(USER, WORKSPACE, null, null, zone, null))
                    .expectNoEvents().expectException(rejection(Kind.INVALID, "invalid_format", "timezone"));
        }
        fixture().given(invited("csm")).when(new UpdateUser(USER, WORKSPACE, null, "fr", "EST", null))
                .expectNoEvents().expectException(invalidFields("locale unknown_value", "timezone invalid_format"));
        fixture().given(invited("csm")).when(new UpdateUser(USER, WORKSPACE, null, null, null, List.of(TERRITORY)))
                .expectNoEvents().expectException(rejection(Kind.UNPROCESSABLE, "unknown_territory", "territory_ids"));
    }

    @Test
    void anUpdateNamingAStaleVersionIsRefused() {
        fixture().given(invited("csm")).when(new UpdateUser(USER, WORKSPACE, 2L, "en", null, null))
                .expectNoEvents().expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch", null));
    }

    @Test
    void aDeactivatedOrForeignUserIsNotUpdated() {
        fixture().given(invited("csm"), new UserDeactivated(USER, WORKSPACE, NOW))
                .when(new UpdateUser(USER, WORKSPACE, null, "en", null, null))
                .expectNoEvents().expectException(rejection(Kind.CONFLICT, "user_deactivated", null));
        fixture().given(invited("csm")).when(new UpdateUser(USER, OTHER_WORKSPACE, null, "en", null, null))
                .expectNoEvents().expectException(rejection(Kind.NOT_FOUND, "not_found", null));
    }

    private static InviteUser invite(String email, String role, String locale, String timezone, List<String> territories) {
        return new InviteUser(USER, WORKSPACE, email, role, locale, timezone, territories);
    }

    private static UserInvited invited(String role) {
        return new UserInvited(USER, WORKSPACE, "ana@lealup.com", role, "es", "UTC", List.of(), NOW);
    }

    private void rejectsInvite(InviteUser command, Kind kind, String code, String field) {
        fixture().givenNoPriorActivity().when(command)
                .expectNoEvents()
                .expectException(rejection(kind, code, field));
    }
}
