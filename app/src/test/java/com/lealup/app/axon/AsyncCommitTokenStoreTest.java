package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.app.support.ApiTest;
import com.lealup.app.support.CapturedLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The running server's token store: storing a processor's token makes its transaction commit asynchronously. */
class AsyncCommitTokenStoreTest extends ApiTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog();

    @Autowired
    private TokenStore tokenStore;
    @Autowired
    private TransactionManager transactionManager;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private org.axonframework.config.Configuration axon;

    @Test
    void theTokensUpdateCountsItsRowAndTurnsTheTransactionsSynchronousCommitOff() throws SQLException {
        String processor = claimedProcessor();
        AsyncCommitTokenStore store = (AsyncCommitTokenStore) tokenStore;

        try (Connection connection = dataSource.getConnection()) {
            // the session's own setting (the tests' database turns it off for all)
            connection.createStatement().execute("SET synchronous_commit TO ON");
            connection.setAutoCommit(false);
            try (PreparedStatement update = store.storeUpdate(connection, new GlobalSequenceTrackingToken(7), processor, 0)) {
                assertThat(update.executeUpdate()).as("the update's own count: one token").isEqualTo(1);
            }
            assertThat(synchronousCommit(connection)).isEqualTo("off");
            connection.commit();
            assertThat(synchronousCommit(connection)).as("for that transaction only").isEqualTo("on");

            connection.setAutoCommit(false);
            try (PreparedStatement update = store.storeUpdate(connection, new GlobalSequenceTrackingToken(8), "no-such-processor", 0)) {
                assertThat(update.executeUpdate()).as("no token of this node: Axon then claims it or refuses").isZero();
            }
            connection.rollback();
            connection.setAutoCommit(true);
            connection.createStatement().execute("RESET synchronous_commit");
        }
        assertThat(transactionManager.fetchInTransaction(() -> tokenStore.fetchToken(processor, 0)))
                .isEqualTo(new GlobalSequenceTrackingToken(7));
    }

    @Test
    void aProcessorsTransactionThatStoresItsTokenCommitsAsynchronously() {
        String processor = claimedProcessor();
        String setting = transactionManager.fetchInTransaction(() -> {
            jdbc.execute("SET LOCAL synchronous_commit TO ON");
            tokenStore.storeToken(new GlobalSequenceTrackingToken(3), processor, 0);
            return jdbc.queryForObject("SHOW synchronous_commit", String.class);
        });
        assertThat(setting).isEqualTo("off");
        assertThat(transactionManager.fetchInTransaction(() -> tokenStore.fetchToken(processor, 0)))
                .isEqualTo(new GlobalSequenceTrackingToken(3));
    }

    /**
     * A batch that outlived its claim: another node took the segment, worked it further and released it. Storing the
     * batch's older token would have the events since handled twice.
     */
    @Test
    void aTokenIsStoredOnlyWhileThisNodeOwnsItsSegment() {
        String processor = claimedProcessor();
        transactionManager.executeInTransaction(() -> tokenStore.storeToken(new GlobalSequenceTrackingToken(10),
                processor, 0));
        jdbc.update("UPDATE token_entry SET owner = NULL WHERE processor_name = ?", processor);

        assertThatThrownBy(() -> transactionManager.executeInTransaction(
                () -> tokenStore.storeToken(new GlobalSequenceTrackingToken(5), processor, 0)))
                .isInstanceOf(UnableToClaimTokenException.class);
        assertThat(transactionManager.fetchInTransaction(() -> tokenStore.fetchToken(processor, 0)))
                .as("the token as the other node left it").isEqualTo(new GlobalSequenceTrackingToken(10));
        assertThat(log.lines()).as("said, as Axon logs it as any lost claim")
                .anyMatch(line -> line.contains(processor + "[0] not stored: this node no longer owns the segment"));
    }

    /** The token's update sets the commit of the transaction the processor's rows are written in. */
    @Test
    void everyProcessorWritesItsRowsAndItsTokenInOneTransactionOfTheServers() {
        var processing = axon.eventProcessingConfiguration();
        assertThat(processing.eventProcessors().keySet()).hasSizeGreaterThan(20)
                .allSatisfy(name -> assertThat(processing.transactionManager(name)).isSameAs(transactionManager));
    }

    /** A processor of one segment whose token this node owns. */
    private String claimedProcessor() {
        String processor = "async-commit-" + UUID.randomUUID();
        transactionManager.executeInTransaction(() -> tokenStore.initializeTokenSegments(processor, 1));
        transactionManager.executeInTransaction(() -> tokenStore.fetchToken(processor, 0));
        return processor;
    }

    private static String synchronousCommit(Connection connection) throws SQLException {
        try (ResultSet setting = connection.createStatement().executeQuery("SHOW synchronous_commit")) {
            setting.next();
            return setting.getString(1);
        }
    }
}
