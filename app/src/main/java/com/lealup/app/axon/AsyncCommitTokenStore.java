package com.lealup.app.axon;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.AbstractTokenEntry;
import org.axonframework.eventhandling.tokenstore.GenericTokenEntry;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's JDBC token store, whose update of a processor's token also makes the processor's transaction commit without
 * waiting for the WAL flush ({@code synchronous_commit = off} for that transaction only): every batch of a processor
 * stores its token before it commits, and PostgreSQL reads the setting at the commit. Safe because what processors
 * write is derived from durable events and moves together with the token: a crash of PostgreSQL can lose at most the
 * last few milliseconds of processing, which is then redone from the event store. Command handling (the event store's
 * appends) keeps full durability; so does a processor's transaction that stores no token (a dead letter's retry). The
 * setting rides in the update's round trip: a statement of its own cost every processor transaction one more.
 *
 * <p>A token is stored only while this node owns its segment ({@link #storeToken}).
 */
final class AsyncCommitTokenStore extends JdbcTokenStore {

    private static final Logger log = LoggerFactory.getLogger(AsyncCommitTokenStore.class);

    private final TokenSchema schema;
    private final String nodeId;

    AsyncCommitTokenStore(Builder builder, TokenSchema schema, String nodeId) {
        super(builder.schema(schema).nodeId(nodeId));
        this.schema = schema;
        this.nodeId = nodeId;
    }

    /**
     * Stores the token only while this node owns its segment, as Axon's {@code extendClaim} requires. Axon's own store,
     * finding the segment no longer this node's, claims it anew when no other node's claim is in force: a batch that
     * outlived its claim (another node took the segment, worked it further and released it meanwhile) would put the
     * token back, and the events since be handled twice (a playbook run's task made twice). Refused, the batch rolls
     * back, as it does when the segment is still another node's.
     */
    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        Connection connection = getConnection();
        try {
            int updated = JdbcUtils.executeUpdate(connection, c -> storeUpdate(c, token, processorName, segment),
                    e -> new JdbcException("Could not store the token of " + processorName + "[" + segment + "]", e));
            if (updated == 0) {
                // Axon logs the refusal as a lost claim, without this message
                log.info("Token of {}[{}] not stored: this node no longer owns the segment, its batch is rolled back "
                        + "and the segment's owner does that work", processorName, segment);
                throw new UnableToClaimTokenException("Unable to store the token of " + processorName + "["
                        + segment + "]: this node no longer owns it");
            }
        } finally {
            JdbcUtils.closeQuietly(connection);
        }
    }

    /** Axon's statement ({@link JdbcTokenStore#storeUpdate}), its update count first, then the setting. */
    @Override
    protected PreparedStatement storeUpdate(Connection connection, TrackingToken token, String processorName,
                                            int segment) throws SQLException {
        AbstractTokenEntry<byte[]> entry =
                new GenericTokenEntry<>(token, serializer(), byte[].class, processorName, segment);
        PreparedStatement statement = connection.prepareStatement("UPDATE " + schema.tokenTable()
                + " SET " + schema.tokenColumn() + " = ?, " + schema.tokenTypeColumn() + " = ?, "
                + schema.timestampColumn() + " = ? WHERE " + schema.ownerColum() + " = ? AND "
                + schema.processorNameColumn() + " = ? AND " + schema.segmentColumn() + " = ?;"
                + " SET LOCAL synchronous_commit TO OFF");
        statement.setObject(1, entry.getSerializedToken() == null ? null : entry.getSerializedToken().getData());
        statement.setString(2, entry.getTokenType() == null ? null : entry.getTokenType().getName());
        statement.setString(3, entry.timestampAsString());
        statement.setString(4, nodeId);
        statement.setString(5, processorName);
        statement.setInt(6, segment);
        return statement;
    }
}
