package com.lealup.read.identity;

import static com.lealup.read.ReadModelDatabase.assertRedeliveryAndReplaysRebuild;
import static com.lealup.read.ReadModelDatabase.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.identity.ApiKeyIssued;
import com.lealup.api.identity.ApiKeyRevoked;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.UserDeactivated;
import com.lealup.api.identity.UserInvited;
import com.lealup.api.identity.UserRoleChanged;
import com.lealup.api.identity.UserUpdated;
import com.lealup.api.identity.WorkspaceCreated;
import com.lealup.read.ReadModelDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryUpdateEmitter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The credentials read model (workspaces, keys and the users keys act as) from its events, with the change feed
 * every node's token cache polls.
 */
class CredentialsProjectionTest {

    private static final String WS = "wsp_credentials_test";
    private static final Instant T0 = Instant.parse("2026-02-01T10:00:00Z");

    private final JdbcTemplate jdbc = new JdbcTemplate(ReadModelDatabase.dataSource());
    private final QueryUpdateEmitter emitter = SimpleQueryUpdateEmitter.builder().build();
    private final CredentialRows rows = new CredentialRows(jdbc);
    private final CredentialChangeLog changes = new CredentialChangeLog(ReadModelDatabase.jdbc(), emitter);
    private final CredentialsProjection credentials = new CredentialsProjection(jdbc, rows, changes);
    private final UserProjection users = new UserProjection(jdbc, rows, changes, emitter);

    @BeforeEach
    void fromScratch() {
        credentials.reset();
        users.reset();
        history();
    }

    private void history() {
        // a key handled before its workspace (another segment) is no credential until the workspace is in
        credentials.on(new ApiKeyIssued("key_admin", WS, "Admin", "admin", List.of("customers:read", "customers:write"),
                null, hash("admin")), T0);
        credentials.on(new WorkspaceCreated(WS, "Credentials Test", "growth"), T0);
        users.on(new UserInvited("usr_ana", WS, "ana@example.com", "csm", "es", "America/Santiago",
                List.of("ter_1", "ter_2"), T0.plusSeconds(10)), 0);
        credentials.on(new ApiKeyIssued("key_ana", WS, "Ana's", "csm", List.of("customers:read"), "usr_ana", hash("ana")),
                T0.plusSeconds(20));
        users.on(new UserRoleChanged("usr_ana", WS, "manager", T0.plusSeconds(30)), 1);
        users.on(new UserUpdated("usr_ana", WS, "pt", "America/Sao_Paulo", List.of("ter_2", "ter_3"),
                T0.plusSeconds(35)), 2);
        credentials.on(new ApiKeyIssued("key_old", WS, "Old", "viewer", List.of("customers:read"), null, hash("old")),
                T0.plusSeconds(40));
        credentials.on(new ApiKeyRevoked("key_old", WS), T0.plusSeconds(50));
        users.on(new UserInvited("usr_bob", WS, "bob@example.com", "viewer", "en", "UTC", List.of(), T0.plusSeconds(60)),
                0);
        credentials.on(new ApiKeyIssued("key_bob", WS, "Bob's", "viewer", List.of("customers:read"), "usr_bob",
                hash("bob")), T0.plusSeconds(70));
        users.on(new UserDeactivated("usr_bob", WS, T0.plusSeconds(80)), 1);
    }

    @Test
    void aKeyIsValidUntilRevokedOrItsUserDeactivatedAndActsWithItsUsersCurrentRole() {
        Credential admin = only(hash("admin"));
        assertThat(admin.valid()).isTrue();
        assertThat(admin.workspace().tier()).isEqualTo("growth");
        assertThat(admin.key().scopes()).containsExactly("customers:read", "customers:write");
        assertThat(admin.role()).isEqualTo("admin");

        Credential ana = only(hash("ana"));
        assertThat(ana.valid()).isTrue();
        assertThat(ana.role()).as("the user's role, changed after the key was issued").isEqualTo("manager");
        assertThat(ana.user().territoryIds()).as("as updated").containsExactly("ter_2", "ter_3");
        assertThat(ana.user().locale()).isEqualTo("pt");
        assertThat(ana.user().timezone()).isEqualTo("America/Sao_Paulo");
        assertThat(ana.user().updatedAt()).isEqualTo(T0.plusSeconds(35));
        assertThat(ana.user().version()).isEqualTo(3);

        assertThat(only(hash("old")).valid()).as("revoked").isFalse();
        assertThat(only(hash("old")).key().revokedAt()).isEqualTo(T0.plusSeconds(50));
        assertThat(only(hash("bob")).valid()).as("its user deactivated").isFalse();
        // the keys listed and found are the valid ones: neither the revoked key nor the deactivated user's
        assertThat(rows.validKeys(WS, null, 10)).extracting(k -> k.id()).containsExactly("key_admin", "key_ana");
        assertThat(rows.validKey(WS, "key_ana")).isPresent();
        assertThat(rows.validKey(WS, "key_old")).isEmpty();
        assertThat(rows.validKey(WS, "key_bob")).isEmpty();
    }

    @Test
    void everyChangeOfACredentialGoesToTheChangeFeed() {
        long before = changes.since(-1).version();
        users.on(new UserRoleChanged("usr_ana", WS, "admin", T0.plusSeconds(90)), 3);
        assertThat(changes.since(before).secretHashes()).containsExactly(hash("ana"));
        assertThat(only(hash("ana")).role()).isEqualTo("admin");
    }

    @Test
    void anUpdateReplacesTheThreeWholeAndAnOlderOneChangesNothing() {
        users.on(new UserUpdated("usr_ana", WS, "en", "UTC", List.of(), T0.plusSeconds(90)), 3);
        assertThat(only(hash("ana")).user().territoryIds()).isEmpty();
        assertThat(only(hash("ana")).user().locale()).isEqualTo("en");
        users.on(new UserUpdated("usr_ana", WS, "es", "Europe/Madrid", List.of("ter_9"), T0.plusSeconds(35)), 2);
        assertThat(only(hash("ana")).user().timezone()).as("redelivered, already applied").isEqualTo("UTC");
        assertThat(only(hash("ana")).user().version()).isEqualTo(4);
    }

    @Test
    void redeliveryChangesNothingAndReplaysRebuildTheSameRows() {
        assertRedeliveryAndReplaysRebuild(CredentialsProjectionTest::allRows, this::history, () -> {
            credentials.reset();
            users.reset();
        });
    }

    /** Secret hashes are 64 hex characters (the column is fixed-width). */
    private static String hash(String name) {
        return name + "0".repeat(64 - name.length());
    }

    private Credential only(String secretHash) {
        List<Credential> found = rows.credentialsBySecretHash(secretHash);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<String> allRows() {
        List<String> all = new ArrayList<>(rows("credentials_workspace", "workspace_id = ?", WS));
        all.addAll(rows("credentials_api_key", "workspace_id = ?", WS));
        all.addAll(rows("user_view", "workspace_id = ?", WS));
        return all;
    }
}
