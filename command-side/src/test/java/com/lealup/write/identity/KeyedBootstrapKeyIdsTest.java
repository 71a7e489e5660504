package com.lealup.write.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Ids;
import com.lealup.write.SecretBox;
import java.lang.reflect.Constructor;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

class KeyedBootstrapKeyIdsTest {

    private static final String HASH = sha256Hex("lk_weak_bootstrap_secret");
    private static final String UNKEYED = Ids.API_KEY + "_" + "0".repeat(10) + HASH.substring(0, 16).toUpperCase(Locale.ROOT);

    private final EventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();

    @Test
    void theIdIsTheSameOnEveryNodeOfOneKeyAndTellsNothingOfTheSecret() throws Exception {
        String id = new KeyedBootstrapKeyIds(box(1), store).idFor(HASH);

        assertThat(new KeyedBootstrapKeyIds(box(1), store).idFor(HASH)).isEqualTo(id);
        assertThat(Ids.looksLike(Ids.API_KEY, id)).isTrue();
        assertThat(id).doesNotContain(HASH.substring(0, 8).toUpperCase(Locale.ROOT));
        assertThat(new KeyedBootstrapKeyIds(box(2), store).idFor(HASH)).as("another encryption key").isNotEqualTo(id);
        assertThat(new KeyedBootstrapKeyIds(box(1), store).idFor(sha256Hex("lk_another_secret"))).isNotEqualTo(id);
    }

    /** Issued again under a keyed id, a bootstrap key its admin revoked would come back with the same secret. */
    @Test
    void aKeyIssuedUnderTheUnkeyedIdKeepsIt() throws Exception {
        store.publish(new GenericDomainEventMessage<>("ApiKey", UNKEYED, 0, "issued"));

        assertThat(new KeyedBootstrapKeyIds(box(1), store).idFor(HASH)).isEqualTo(UNKEYED);
    }

    private static SecretBox box(int fill) throws Exception {
        Constructor<SecretBox> box = SecretBox.class.getDeclaredConstructor(byte[].class);
        box.setAccessible(true);
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return box.newInstance((Object) key);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
