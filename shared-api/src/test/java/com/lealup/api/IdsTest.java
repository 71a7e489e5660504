package com.lealup.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void anIdIsItsPrefixAndAUlid() {
        assertThat(Ids.next(Ids.EVENT)).matches("evt_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(Ids.looksLike(Ids.EVENT, Ids.next(Ids.EVENT))).isTrue();
    }

    @Test
    void aSequenceGivesDistinctIdsInCreationOrder() {
        Supplier<String> sequence = Ids.sequence(Ids.EVENT);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            ids.add(sequence.get());
        }
        assertThat(ids).allSatisfy(id -> assertThat(Ids.looksLike(Ids.EVENT, id)).isTrue());
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
        assertThat(ids.get(0).substring(0, 14)).as("same millisecond").isEqualTo(ids.get(4999).substring(0, 14));
    }
}
