package com.lealup.app.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.junit.jupiter.api.Test;

/** A letter's cause fits its column and keeps the root of its chain, however long the first message. */
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
}
