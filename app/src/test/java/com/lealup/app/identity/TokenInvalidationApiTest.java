package com.lealup.app.identity;

import static com.lealup.app.identity.WorkspacesApiTest.assertUnauthorized;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.identity.ChangeUserRole;
import com.lealup.api.identity.DeactivateUser;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.RevokeApiKey;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport.Response;
import com.lealup.app.support.HttpClientSupport.Workspace;
import com.lealup.http.support.auth.Secrets;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Revocations, deactivations and role changes hold on the very next request: the node that made them answers only
 * once every node polling the change feed has applied them (another node simulated by its record), and a change made
 * past this node's HTTP layer, as another node's, holds here within the poll interval, far below the cache's TTL.
 * Unknown tokens are remembered, but never past the issue of their key.
 */
class TokenInvalidationApiTest extends ApiTest {

    /** Well above the poll interval (100 ms) plus projection lag, far below the credential cache TTL (60 s). */
    private static final Duration OTHER_NODE_BOUND = Duration.ofSeconds(5);

    @Autowired
    private CommandGateway commandGateway;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void aDeactivatedUsersKeyFailsOnTheNextRequest() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String ana = calls.user("ana@x.com", "admin");
        calls.user("bob@x.com", "admin");
        String anasKey = calls.key("admin", List.of("admin:*"), ana);
        assertThat(http().get("/v1/api-keys").token(anasKey).send().status()).isEqualTo(200);

        assertThat(http().delete("/v1/users/" + ana).token(calls.token()).send().status()).isEqualTo(204);

        assertUnauthorized(http().get("/v1/api-keys").token(anasKey).send());
        assertUnauthorized(http().get("/v1/users/me").token(anasKey).send());
    }

    @Test
    void aBoundKeyFollowsItsUsersRoleOnTheNextRequest() {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        calls.user("admin@x.com", "admin");
        String ana = calls.user("ana@x.com", "viewer");
        // the key's own role (admin) does not count: it acts as Ana
        String anasKey = calls.key("admin", List.of("admin:*"), ana);
        assertThat(http().get("/v1/api-keys").token(anasKey).send().status()).isEqualTo(403);

        assertThat(calls.changeRole(ana, "admin").status()).isEqualTo(200);
        assertThat(http().get("/v1/api-keys").token(anasKey).send().status()).isEqualTo(200);

        assertThat(calls.changeRole(ana, "csm").status()).isEqualTo(200);
        assertThat(http().get("/v1/api-keys").token(anasKey).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/users/me").token(anasKey).send().json().path("role").asText()).isEqualTo("csm");
    }

    @Test
    void aRevocationOnAnotherNodeHoldsHereWithinThePollInterval() {
        Workspace workspace = newWorkspace();
        Response key = new IdentityCalls(http(), workspace.token()).createKey("admin", List.of("admin:*"), null);
        String secret = key.json().path("secret").asText();
        assertThat(http().get("/v1/api-keys").token(secret).send().status()).isEqualTo(200);

        // a command that bypasses this node's HTTP layer, as another node's would
        elsewhere(workspace.id(), new RevokeApiKey(key.json().path("id").asText(), workspace.id()));

        awaitStatus(secret, status -> status == 401);
    }

    @Test
    void deactivationsAndRoleChangesOnAnotherNodeHoldHereWithinThePollInterval() {
        Workspace workspace = newWorkspace();
        IdentityCalls calls = new IdentityCalls(http(), workspace.token());
        String ana = calls.user("ana@x.com", "viewer");
        String bob = calls.user("bob@x.com", "viewer");
        String anasKey = calls.key("admin", List.of("admin:*"), ana);
        String bobsKey = calls.key("admin", List.of("admin:*"), bob);
        assertThat(http().get("/v1/api-keys").token(anasKey).send().status()).isEqualTo(403);
        assertThat(http().get("/v1/api-keys").token(bobsKey).send().status()).isEqualTo(403);

        elsewhere(workspace.id(), new ChangeUserRole(ana, workspace.id(), "admin", null));
        elsewhere(workspace.id(), new DeactivateUser(bob, workspace.id()));

        awaitStatus(anasKey, status -> status == 200);
        awaitStatus(bobsKey, status -> status == 401);
    }

    @Test
    void aRevocationAnswersOnlyOnceEveryOtherNodesCacheHasAppliedIt() throws Exception {
        Workspace workspace = newWorkspace();
        String keyId = new IdentityCalls(http(), workspace.token()).createKey("admin", List.of("admin:*"), null)
                .json().path("id").asText();

        answersOnlyOnceALaggingNodeCatchesUp(() -> http().delete("/v1/api-keys/" + keyId).token(workspace.token()).send(),
                204);
    }

    @Test
    void aRoleChangeAndADeactivationAnswerOnlyOnceEveryOtherNodesCacheHasAppliedThem() throws Exception {
        IdentityCalls calls = new IdentityCalls(http(), newWorkspace().token());
        String ana = calls.user("ana@x.com", "viewer");
        calls.user("bob@x.com", "admin");
        // a user without keys changes no credential: nothing to wait for
        calls.key("admin", List.of("admin:*"), ana);

        answersOnlyOnceALaggingNodeCatchesUp(() -> calls.changeRole(ana, "admin"), 200);
        answersOnlyOnceALaggingNodeCatchesUp(() -> http().delete("/v1/users/" + ana).token(calls.token()).send(), 204);
    }

    @Test
    void aNodeWhosePollsStoppedIsNotWaitedFor() {
        Workspace workspace = newWorkspace();
        String keyId = new IdentityCalls(http(), workspace.token()).createKey("admin", List.of("admin:*"), null)
                .json().path("id").asText();
        String node = "test-node-" + Ids.ulid();
        // gone since just past the bound (ten poll intervals), far behind in the feed
        jdbc.update("INSERT INTO credential_cache_node VALUES (?, 0, now() - interval '1.1 seconds')", node);
        try {
            Response revoked = http().delete("/v1/api-keys/" + keyId).token(workspace.token()).send();
            assertThat(revoked.status()).as("not 202 after the timeout: " + revoked).isEqualTo(204);
        } finally {
            jdbc.update("DELETE FROM credential_cache_node WHERE node_id = ?", node);
        }
    }

    private void answersOnlyOnceALaggingNodeCatchesUp(Supplier<Response> change, int status) throws Exception {
        try (LaggingNode other = new LaggingNode()) {
            CompletableFuture<Response> answer = CompletableFuture.supplyAsync(change);
            Thread.sleep(300);
            assertThat(answer).as("answered while another node's cache had not applied the change").isNotDone();

            other.catchUp();

            Response answered = answer.get(5, TimeUnit.SECONDS);
            assertThat(answered.status()).as(answered.toString()).isEqualTo(status);
        }
    }

    /** Another node's credential cache as its record shows it: polling, but applying the feed only when told. */
    private final class LaggingNode implements AutoCloseable {

        private final String nodeId = "test-node-" + Ids.ulid();
        private final AtomicLong applied = new AtomicLong(feedVersion());
        private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor();

        LaggingNode() {
            record();
            polls.scheduleWithFixedDelay(this::record, 20, 20, TimeUnit.MILLISECONDS);
        }

        void catchUp() {
            applied.set(feedVersion());
            record();
        }

        private void record() {
            jdbc.update("""
                    INSERT INTO credential_cache_node VALUES (?, ?, now())
                    ON CONFLICT (node_id) DO UPDATE SET applied_version = EXCLUDED.applied_version, polled_at = now()""",
                    nodeId, applied.get());
        }

        private long feedVersion() {
            return jdbc.queryForObject("SELECT version FROM credentials_change_counter", Long.class);
        }

        @Override
        public void close() throws InterruptedException {
            polls.shutdown();
            assertThat(polls.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            jdbc.update("DELETE FROM credential_cache_node WHERE node_id = ?", nodeId);
        }
    }

    @Test
    void anUnknownTokenIsLookedUpOnceHoweverOftenItIsSent() {
        String token = "lk_unknown_" + Ids.ulid();
        double before = lookups();

        for (int i = 0; i < 5; i++) {
            assertUnauthorized(http().get("/v1/api-keys").token(token).send());
        }

        assertThat(lookups() - before).isEqualTo(1);
    }

    @Test
    void aTokenRefusedBeforeItsKeyWasIssuedOnAnotherNodeWorksWithinThePollInterval() {
        Workspace workspace = newWorkspace();
        String token = "lk_late_" + Ids.ulid();
        assertUnauthorized(http().get("/v1/api-keys").token(token).send());

        // as the bootstrap key, whose secret is known before the key exists
        elsewhere(workspace.id(), new IssueApiKey(Ids.next(Ids.API_KEY), workspace.id(), "late", "admin",
                List.of("admin:*"), null, Secrets.sha256Hex(token)));

        awaitStatus(token, status -> status == 200);
    }

    private double lookups() {
        return meters.counter("lealup.auth.credential.lookups").count();
    }

    private void elsewhere(String workspaceId, Object command) {
        commandGateway.sendAndWait(command, MetaData.with(MetadataKeys.WORKSPACE_ID, workspaceId));
    }

    private void awaitStatus(String token, IntPredicate expected) {
        Instant deadline = Instant.now().plus(OTHER_NODE_BOUND);
        int status;
        while (!expected.test(status = http().get("/v1/api-keys").token(token).send().status())) {
            assertThat(Instant.now()).as("still " + status + " after " + OTHER_NODE_BOUND).isBefore(deadline);
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
