package com.lealup.http.support.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.lealup.api.Actor;
import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.CredentialChanges;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.FindCredentialChanges;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.UserView;
import com.lealup.api.identity.WorkspaceView;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Rights;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;

/** The caller of a cached credential is worked out once per load, and follows the credential's changes. */
class CredentialCacheTest {

    private static final String HASH = Secrets.sha256Hex("lk_test");
    private static final WorkspaceView WORKSPACE = new WorkspaceView("wsp_1", "Acme", "enterprise", Instant.EPOCH);

    private static final Duration STALE_AFTER = Duration.ofSeconds(1);

    private final QueryGateway queries = mock(QueryGateway.class);
    private final CredentialCacheNodes nodes = mock(CredentialCacheNodes.class);
    /** Nanoseconds, moved by the tests only. */
    private final AtomicLong clock = new AtomicLong();
    private final AtomicReference<Credential> stored = new AtomicReference<>();
    private final AtomicReference<CredentialChanges> changes = new AtomicReference<>(new CredentialChanges(0, List.of(), false));
    private CredentialCache cache;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void queriesAnswerTheStoredCredential() {
        when(queries.query(any(FindCredential.class), any(ResponseType.class)))
                .thenAnswer(call -> CompletableFuture.completedFuture(Optional.ofNullable(stored.get())));
        when(queries.query(any(FindCredentialChanges.class), any(ResponseType.class)))
                .thenAnswer(call -> CompletableFuture.completedFuture(changes.get()));
        when(nodes.staleAfter()).thenReturn(STALE_AFTER);
        cache = new CredentialCache(queries, nodes, new SimpleMeterRegistry(), Duration.ofSeconds(60), clock::get);
        cache.catchUp();
    }

    @Test
    void aBoundKeyIsItsUserInTheUsersRoleWithTheKeysScopesWithinTheRole() {
        stored.set(boundKey(Roles.CSM, "active", null));
        Caller caller = cache.caller(HASH).orElseThrow();
        assertThat(caller).isEqualTo(new Caller("wsp_1", "enterprise", Actor.USER, "usr_1", Roles.CSM,
                Rights.effective(Roles.CSM, List.of("customers:read", "users:write"))));
        assertThat(caller.scopes()).containsExactly("customers:read");
        // the same object while the credential is unchanged: nothing is worked out per request
        assertThat(cache.caller(HASH)).containsSame(caller);
    }

    @Test
    void aKeyWithoutUserActsAsTheKey() {
        stored.set(new Credential(WORKSPACE, new ApiKeyView("key_1", "wsp_1", "ci", Roles.ADMIN, List.of("admin:*"),
                null, HASH, Instant.EPOCH, null), null));
        Caller caller = cache.caller(HASH).orElseThrow();
        assertThat(caller.actorType()).isEqualTo(Actor.API_KEY);
        assertThat(caller.actorId()).isEqualTo("key_1");
        assertThat(caller.hasScope("customers:write")).isTrue();
    }

    @Test
    void aChangedRoleARevocationAndADeactivationShowOnceTheFeedNamesTheCredential() {
        stored.set(boundKey(Roles.MANAGER, "active", null));
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.MANAGER);

        stored.set(boundKey(Roles.VIEWER, "active", null));
        assertThat(cache.caller(HASH).orElseThrow().role()).as("kept until the feed names it").isEqualTo(Roles.MANAGER);
        changes.set(new CredentialChanges(1, List.of(HASH), false));
        cache.catchUp();
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.VIEWER);
        assertThat(cache.caller(HASH).orElseThrow().scopes()).doesNotContain("customers:write");

        stored.set(boundKey(Roles.VIEWER, "deactivated", null));
        changes.set(new CredentialChanges(2, List.of(HASH), false));
        cache.catchUp();
        assertThat(cache.caller(HASH)).isEmpty();

        stored.set(boundKey(Roles.VIEWER, "active", Instant.EPOCH));
        changes.set(new CredentialChanges(3, List.of(HASH), false));
        cache.catchUp();
        assertThat(cache.caller(HASH)).as("revoked").isEmpty();
    }

    @Test
    void aReadModelReplacedAsAWholeDropsEveryCredential() {
        stored.set(boundKey(Roles.MANAGER, "active", null));
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.MANAGER);

        // a replay swapped in a model where this key's user is a viewer: the feed names no key, only that all changed
        stored.set(boundKey(Roles.VIEWER, "active", null));
        changes.set(new CredentialChanges(1, List.of(), true));
        cache.catchUp();
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.VIEWER);
    }

    @Test
    void aCacheWhosePollsAreNoLongerRecordedReadsEveryCredentialAfresh() {
        stored.set(boundKey(Roles.MANAGER, "active", null));
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.MANAGER);
        stored.set(boundKey(Roles.VIEWER, "active", null));
        clock.addAndGet(STALE_AFTER.minusMillis(1).toNanos());
        assertThat(cache.caller(HASH).orElseThrow().role()).as("within the bound").isEqualTo(Roles.MANAGER);

        // the feed was not polled, or the poll not recorded, for the bound: no other node waits for this one
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.VIEWER);
        doThrow(new QueryTimeoutException("database gone")).when(nodes).applied(anyLong());
        changes.set(new CredentialChanges(1, List.of(HASH), false));
        cache.catchUp();
        stored.set(boundKey(Roles.ADMIN, "active", null));
        assertThat(cache.caller(HASH).orElseThrow().role()).as("polled, but not recorded").isEqualTo(Roles.ADMIN);

        doNothing().when(nodes).applied(anyLong());
        assertThat(cache.catchUp()).isEqualTo(1);
        assertThat(cache.caller(HASH).orElseThrow().role()).isEqualTo(Roles.ADMIN);
        stored.set(boundKey(Roles.CSM, "active", null));
        assertThat(cache.caller(HASH).orElseThrow().role()).as("recorded: trusted again").isEqualTo(Roles.ADMIN);
    }

    @Test
    void aFailedPollAnswersThatItsPlaceInTheFeedIsUnknown() {
        when(queries.query(any(FindCredentialChanges.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.failedFuture(new QueryTimeoutException("database gone")));
        assertThat(cache.catchUp()).isNegative();
    }

    @Test
    void anUnknownSecretHasNoCaller() {
        assertThat(cache.caller(HASH)).isEmpty();
    }

    private static Credential boundKey(String role, String status, Instant revokedAt) {
        return new Credential(WORKSPACE, new ApiKeyView("key_1", "wsp_1", "mine", null,
                List.of("customers:read", "users:write"), "usr_1", HASH, Instant.EPOCH, revokedAt),
                new UserView("usr_1", "wsp_1", "ana@acme.com", role, "en", "UTC", List.of(), status, Instant.EPOCH,
                        Instant.EPOCH, 1));
    }
}
