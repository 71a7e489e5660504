package com.lealup.write.identity;

import static com.lealup.write.RejectionMatcher.invalidFields;
import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.identity.ApiKeyIssued;
import com.lealup.api.identity.ApiKeyRevoked;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.RevokeApiKey;
import java.util.Arrays;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiKeyTest {

    private static final String KEY = "key_01JD3Q0000000000000000000A";
    private static final String WORKSPACE = "wsp_01JD3Q0000000000000000000A";
    private static final String OTHER_WORKSPACE = "wsp_01JD3Q0000000000000000000B";
    private static final String USER = "usr_01JD3Q0000000000000000000A";
    private static final String HASH = "a".repeat(64);

    private AggregateTestFixture<ApiKey> fixture;
    private InMemoryIdentityDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new InMemoryIdentityDirectory();
        directory.usersByEmail.put("ana@lealup.com", USER);
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerInjectableResource(directory);
    }

    @Test
    void issuesAKeyWithDistinctScopes() {
        fixture.givenNoPriorActivity()
                .when(issue("Zapier", "csm", List.of("customers:read", "tasks:write", "customers:read"), USER))
                .expectResultMessagePayload(true)
                .expectEvents(new ApiKeyIssued(KEY, WORKSPACE, "Zapier", "csm", List.of("customers:read", "tasks:write"),
                        USER, HASH));
    }

    @Test
    void issuingItAgainChangesNothing() {
        fixture.given(issued())
                .when(issue("Other", "viewer", List.of("customers:read"), null))
                .expectResultMessagePayload(false)
                .expectNoEvents();
    }

    @Test
    void nameIsRequiredAndAtMost200Characters() {
        rejects(issue(null, "admin", List.of("admin:*"), null), "required", "name");
        rejects(issue("", "admin", List.of("admin:*"), null), "required", "name");
        rejects(issue("x".repeat(201), "admin", List.of("admin:*"), null), "too_long", "name");
    }

    @Test
    void roleIsOneOfTheRoles() {
        rejects(issue("Zapier", null, List.of("admin:*"), null), "required", "role");
        rejects(issue("Zapier", "owner", List.of("admin:*"), null), "unknown_value", "role");
    }

    @Test
    void scopesAreKnownAndNotEmpty() {
        rejects(issue("Zapier", "admin", null, null), "required", "scopes");
        rejects(issue("Zapier", "admin", List.of(), null), "invalid_length", "scopes");
        rejects(issue("Zapier", "admin", List.of("customers:read", "customers:delete"), null), "unknown_value", "scopes[1]");
        rejects(issue("Zapier", "admin", Arrays.asList("customers:read", null), null), "unknown_value", "scopes[1]");
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        fixture.givenNoPriorActivity().when(issue("", "x", List.of(), USER))
                .expectNoEvents()
                .expectException(invalidFields("name required", "role unknown_value", "scopes invalid_length"));
        // every unknown scope, each by its place; the user is looked up only for a valid body (422 otherwise)
        fixture.givenNoPriorActivity().when(issue("x".repeat(201), null, List.of("nope", "customers:read", "no"),
                        "usr_01JD3Q000000000000000000ZZ"))
                .expectNoEvents()
                .expectException(invalidFields("name too_long", "role required", "scopes[0] unknown_value",
                        "scopes[2] unknown_value"));
    }

    /** Whatever its shape, an id of no user is an unknown user, as every reference in a body is. */
    @Test
    void anIdOfNoUserIsAnUnknownUser() {
        for (String notAUser : List.of("cus_01JD3Q0000000000000000000A", "bob")) {
            fixture.givenNoPriorActivity()
                    .when(issue("Zapier", "admin", List.of("admin:*"), notAUser))
                    .expectNoEvents()
                    .expectException(rejection(Kind.UNPROCESSABLE, "unknown_user", "user_id"));
        }
    }

    @Test
    void theUserMustBeAnActiveUserOfTheWorkspace() {
        directory.deactivated.add(USER);
        fixture.givenNoPriorActivity()
                .when(issue("Zapier", "csm", List.of("customers:read"), USER))
                .expectNoEvents()
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_user", "user_id"));
    }

    @Test
    void secretHashMustBeASha256() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, WORKSPACE, "Zapier", "admin", List.of("admin:*"), null, "secret"))
                .expectNoEvents()
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void revokesAKey() {
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, WORKSPACE))
                .expectEvents(new ApiKeyRevoked(KEY, WORKSPACE));
    }

    @Test
    void aKeyOfAnotherWorkspaceIsNotFound() {
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, OTHER_WORKSPACE))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not_found", null));
    }

    @Test
    void aRevokedKeyIsNotFound() {
        fixture.given(issued(), new ApiKeyRevoked(KEY, WORKSPACE))
                .when(new RevokeApiKey(KEY, WORKSPACE))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not_found", null));
    }

    private static IssueApiKey issue(String name, String role, List<String> scopes, String userId) {
        return new IssueApiKey(KEY, WORKSPACE, name, role, scopes, userId, HASH);
    }

    private static ApiKeyIssued issued() {
        return new ApiKeyIssued(KEY, WORKSPACE, "Zapier", "admin", List.of("admin:*"), null, HASH);
    }

    private void rejects(IssueApiKey command, String code, String field) {
        fixture.givenNoPriorActivity().when(command)
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, code, field));
    }
}
