package com.lealup.app.projections;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.app.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * When a processing group counts as caught up with the store, from its tokens in the token store: every segment at
 * the head, and no gap that holds a stored event (a gap of an append that never committed is no event to wait for).
 */
class TokenStoreCatchUpTest extends ApiTest {

    @Autowired
    private TokenStoreCatchUp catchUp;

    @Autowired
    private TokenStore tokenStore;

    @Autowired
    private EventStore store;

    @Autowired
    private JdbcTemplate jdbc;

    private final List<String> groups = new ArrayList<>();
    private long head;

    @BeforeEach
    void eventsInTheStore() {
        newWorkspace();
        head = ((GapAwareTrackingToken) store.createHeadToken()).getIndex();
        assertThat(head).isPositive();
    }

    @AfterEach
    void dropTheTokens() {
        groups.forEach(group -> jdbc.update("DELETE FROM token_entry WHERE processor_name = ?", group));
    }

    @Test
    void segmentsAtTheHeadHaveCaughtUpAndOneBehindHasNot() {
        assertThat(catchUp.caughtUp(group("at-head", at(head), at(head + 3)), headToken())).isTrue();
        assertThat(catchUp.caughtUp(group("one-behind", at(head), at(head - 1)), headToken())).isFalse();
        // a replay counts where it has come to, not where it was reset
        assertThat(catchUp.caughtUp(group("replay-at-head", ReplayToken.createReplayToken(at(head + 9), at(head))),
                headToken())).isTrue();
        assertThat(catchUp.caughtUp(group("replay-from-start", ReplayToken.createReplayToken(at(head + 9), at(0))),
                headToken())).isFalse();
        assertThat(catchUp.caughtUp(List.of("no-tokens-at-all"), headToken())).isFalse();
    }

    @Test
    void groupsTogetherHaveCaughtUpWhenEachHas() {
        List<String> atHead = List.of(group("first", at(head)).get(0), group("second", at(head + 1)).get(0));
        assertThat(catchUp.caughtUp(atHead, headToken())).isTrue();
        List<String> oneBehind = List.of(atHead.get(0), group("behind", at(head - 1)).get(0));
        assertThat(catchUp.caughtUp(oneBehind, headToken())).isFalse();
        assertThat(catchUp.caughtUp(List.of(atHead.get(0), "never-started"), headToken())).isFalse();
    }

    @Test
    void aGapThatHoldsAStoredEventIsWaitedForAndOneThatHoldsNoneIsNot() {
        TrackingToken missesTheHead = GapAwareTrackingToken.newInstance(head + 1, Set.of(head));
        assertThat(catchUp.caughtUp(group("stored-gap", missesTheHead), headToken())).isFalse();

        // an index no append ever stored (as one rolled back), below a head that is further on
        long never = head + 1_000_000;
        TrackingToken rolledBackGap = GapAwareTrackingToken.newInstance(never + 1, Set.of(never));
        assertThat(catchUp.caughtUp(group("rolled-back-gap", rolledBackGap),
                GapAwareTrackingToken.newInstance(never + 1, Set.of()))).isTrue();
    }

    private TrackingToken headToken() {
        return at(head);
    }

    private static GapAwareTrackingToken at(long index) {
        return GapAwareTrackingToken.newInstance(index, Set.of());
    }

    /** A processing group whose segments hold these tokens, one each (as the list of that one group). */
    private List<String> group(String name, TrackingToken... tokens) {
        String group = "catch-up-test-" + name;
        groups.add(group);
        tokenStore.initializeTokenSegments(group, tokens.length);
        for (int segment = 0; segment < tokens.length; segment++) {
            tokenStore.fetchToken(group, segment);
            tokenStore.storeToken(tokens[segment], group, segment);
            tokenStore.releaseClaim(group, segment);
        }
        return List.of(group);
    }
}
