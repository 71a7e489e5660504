package com.lealup.read.identity;

import com.lealup.api.identity.Credential;
import com.lealup.api.identity.CredentialChanges;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.FindCredentialChanges;
import com.lealup.api.projections.LiveChangeFeed;
import java.util.List;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Publishes changed credentials: to the writes waiting for them ({@link FindCredential} subscribers) and to the
 * token caches of every node, through the change feed {@code credentials_change}, written in the projection's
 * transaction and polled by each node ({@link FindCredentialChanges}). Each change takes the next number from the single
 * counter row, whose lock is held until the projection's transaction commits: numbers become visible in
 * order, with no gap a reader could step over. A replay swapped in marks every credential changed at once
 * ({@code everything_at}), without a row per key.
 */
@Component
class CredentialChangeLog implements LiveChangeFeed {

    private final JdbcClient jdbc;
    private final QueryUpdateEmitter emitter;

    CredentialChangeLog(JdbcClient jdbc, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.emitter = emitter;
    }

    /**
     * Records that these credentials changed, as the read model now shows them. Axon delivers the updates only
     * after the unit of work commits, so subscribers can re-read them too.
     */
    void changed(List<Credential> credentials) {
        if (credentials.isEmpty()) {
            return;
        }
        long version = jdbc.sql("UPDATE credentials_change_counter SET version = version + 1 WHERE id = 1 RETURNING version")
                .query(Long.class).single();
        for (Credential credential : credentials) {
            String hash = credential.key().secretHash();
            jdbc.sql("""
                            INSERT INTO credentials_change (secret_hash, version) VALUES (?, ?)
                            ON CONFLICT (secret_hash) DO UPDATE SET version = EXCLUDED.version""")
                    .params(hash, version).update();
            emitter.emit(FindCredential.class, query -> query.secretHash().equals(hash), credential);
        }
    }

    @Override
    public String group() {
        return CredentialsProjection.PROCESSING_GROUP;
    }

    @Override
    public void everythingChanged() {
        jdbc.sql("UPDATE credentials_change_counter SET version = version + 1, everything_at = version + 1 WHERE id = 1")
                .update();
    }

    /** Changes after {@code afterVersion}; asked with a negative number, none, but the current number. */
    CredentialChanges since(long afterVersion) {
        record Counter(long version, long everythingAt) {
        }
        Counter counter = jdbc.sql("SELECT version, everything_at FROM credentials_change_counter WHERE id = 1")
                .query((row, n) -> new Counter(row.getLong(1), row.getLong(2))).single();
        if (afterVersion < 0 || afterVersion >= counter.version()) {
            return new CredentialChanges(counter.version(), List.of(), false);
        }
        if (afterVersion < counter.everythingAt()) {
            return new CredentialChanges(counter.version(), List.of(), true);
        }
        // read after the counter: rows of a change committed in between are included and re-read next time
        List<String> hashes = jdbc.sql("SELECT secret_hash FROM credentials_change WHERE version > ?")
                .params(afterVersion).query(String.class).list();
        return new CredentialChanges(counter.version(), hashes, false);
    }
}
