package com.lealup.app.axon;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The transactions of event processors (projections and policies) commit without waiting for the WAL
 * flush ({@code synchronous_commit = off} for that transaction only). Safe because what they write is
 * derived from durable events and moves together with the processor's token: a crash can lose at most
 * the last few milliseconds of processing, which is then redone from the event store. Command handling
 * (the event store's appends) keeps full durability. It saves every processor an fsync per batch.
 */
final class AsyncCommitTransactionManager implements TransactionManager {

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    AsyncCommitTransactionManager(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        jdbc.execute("SET LOCAL synchronous_commit TO OFF");
        return transaction;
    }
}
