package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.junit.jupiter.api.Test;

/**
 * A letter's cause fits its column and keeps the root of its chain, however long the first message; it names no
 * statement of the store, as the operator API shows it.
 */
class DeadLetterCauseTest {

    @Test
    void aLongFirstMessageLeavesRoomForTheDatabasesOwnError() {
        SQLException root = new SQLException("ERROR: poisoned row \"Alice\"", "P0001");
        RuntimeException statement = new RuntimeException("StatementCallback; uncategorized SQLException for SQL "
                + "[WITH r AS (SELECT x FROM y) INSERT INTO customer_view ".repeat(40) + "]", root);

        ThrowableCause cause = DeadLetterCause.of(statement);

        assertThat(cause.message()).hasSizeLessThanOrEqualTo(DeadLetterCause.MAX_LENGTH)
                .endsWith(" | SQLException (SQLState P0001): ERROR: poisoned row \"…\"")
                .doesNotContain("Alice");
    }

    @Test
    void aQuotedStatementIsLeftOut() {
        SQLException root = new SQLException("ERROR: null value in column \"name\" violates not-null constraint", "23502");
        RuntimeException statement = new RuntimeException("PreparedStatementCallback; bad SQL grammar "
                + "[UPDATE customer_view SET name = ? WHERE id = ANY(?::text[])]", root);

        ThrowableCause cause = DeadLetterCause.of(statement);

        assertThat(cause.message()).isEqualTo("RuntimeException: PreparedStatementCallback; bad SQL grammar […] | "
                + "SQLException (SQLState 23502): ERROR: null value in column \"…\" violates not-null constraint");
    }
}
