package com.lealup.write.identity;

import com.lealup.api.Ids;
import com.lealup.api.identity.BootstrapKeyIds;
import com.lealup.write.SecretBox;
import java.util.HexFormat;
import java.util.Locale;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * {@link BootstrapKeyIds} from an HMAC of the secret's hash under the encryption key, which every node shares: an id
 * derived from the hash alone would let any reader of a history check guesses of the secret offline.
 */
@Component
class KeyedBootstrapKeyIds implements BootstrapKeyIds {

    private static final String ZERO_TIME = "0".repeat(10);

    private final SecretBox secrets;
    private final EventStore eventStore;

    KeyedBootstrapKeyIds(SecretBox secrets, EventStore eventStore) {
        this.secrets = secrets;
        this.eventStore = eventStore;
    }

    @Override
    public String idFor(String secretHash) {
        // a key issued under the hash's own id keeps it: issued again under another, a revoked one would come back
        String unkeyed = id(secretHash.substring(0, 16).toUpperCase(Locale.ROOT));
        if (eventStore.lastSequenceNumberFor(unkeyed).isPresent()) {
            return unkeyed;
        }
        // hex digits are Crockford base32 digits: a valid id
        return id(HexFormat.of().withUpperCase().formatHex(secrets.mac("bootstrap-key-id", secretHash), 0, 8));
    }

    private static String id(String body) {
        return Ids.API_KEY + "_" + ZERO_TIME + body;
    }
}
