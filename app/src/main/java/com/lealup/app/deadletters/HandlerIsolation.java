package com.lealup.app.deadletters;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Nonnull;
import javax.sql.DataSource;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets one event's failure be dead-lettered without losing the rest of its batch.
 * <p>
 * A processor handles up to 100 events in one transaction. In PostgreSQL a failed statement aborts the whole
 * transaction, so the dead letter could not even be written, nor the batch's other events kept. The remedy is a
 * savepoint around each handler call, rolled back when the handler fails; but a savepoint per event costs a
 * round trip and a subtransaction, and more than 64 of them in one transaction slow every other session's
 * snapshots. So handlers run bare until one fails: that failure fails the batch (rolled back, retried by the
 * processor a second later) and puts the handler's class in careful mode for {@link #CAREFUL_PERIOD}, in which
 * each call gets its savepoint and a failure becomes a dead letter. Retrying a dead letter always takes one: a
 * letter that fails again is put back in the same transaction.
 */
final class HandlerIsolation implements HandlerEnhancerDefinition {

    static final Duration CAREFUL_PERIOD = Duration.ofMinutes(1);
    /** Serialization failure and deadlock (40), connection (08), resources (53), shutdown (57P), lock (55P03). */
    private static final List<String> TRANSIENT_SQL_STATES = List.of("40", "08", "53", "57P", "55P03");

    private final DataSource dataSource;
    private final Map<Class<?>, Long> carefulUntil = new ConcurrentHashMap<>();

    HandlerIsolation(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Dead-letters what the event itself causes. Two failures fail the batch instead, to be retried as a whole:
     * one that happened without a savepoint (the transaction may be unusable), and a transient one (a concurrent
     * change of an aggregate, a deadlock, a lost connection, the processor's thread interrupted), which says
     * nothing about the event. Retrying a dead letter, a transient failure just leaves it parked. A letter keeps its
     * failure without the values it may quote ({@link DeadLetterCause}).
     */
    static EnqueuePolicy<EventMessage<?>> enqueuePolicy() {
        return (DeadLetter<? extends EventMessage<?>> letter, Throwable cause) -> {
            if (cause instanceof UnisolatedFailure failure) {
                throw failure;
            }
            if (isTransient(cause)) {
                if (retryingDeadLetter()) {
                    return Decisions.requeue(DeadLetterCause.of(cause));
                }
                throw new TransientFailure(cause);
            }
            return Decisions.enqueue(DeadLetterCause.of(cause));
        };
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // an interrupt is the processor being stopped (a shutdown, a replay's reset), nothing the event did
            if (t instanceof InterruptedException || t instanceof AxonTransientException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && TRANSIENT_SQL_STATES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(@Nonnull MessageHandlingMember<T> original) {
        // event processors' handlers only: an aggregate sourcing its state runs inside a command's transaction
        if (!original.canHandleMessageType(EventMessage.class) || original.hasAnnotation(EventSourcingHandler.class)) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(@Nonnull Message<?> message, T target) throws Exception {
                return isolated(original, message, target);
            }
        };
    }

    private <T> Object isolated(MessageHandlingMember<T> handler, Message<?> message, T target) throws Exception {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return handler.handle(message, target);
        }
        Class<?> component = handler.declaringClass();
        if (retryingDeadLetter() || isCareful(component)) {
            return withSavepoint(handler, message, target);
        }
        try {
            return handler.handle(message, target);
        } catch (Exception e) {
            carefulUntil.put(component, System.nanoTime() + CAREFUL_PERIOD.toNanos());
            throw new UnisolatedFailure(e);
        }
    }

    private <T> Object withSavepoint(MessageHandlingMember<T> handler, Message<?> message, T target) throws Exception {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint savepoint = connection.setSavepoint();
        Object result;
        try {
            result = handler.handle(message, target);
        } catch (Exception e) {
            connection.rollback(savepoint);
            throw e;
        }
        connection.releaseSavepoint(savepoint);
        return result;
    }

    private boolean isCareful(Class<?> component) {
        Long until = carefulUntil.get(component);
        if (until != null && System.nanoTime() - until >= 0) {
            carefulUntil.remove(component, until);
            return false;
        }
        return until != null;
    }

    /** Axon's dead-letter retry puts the letter in its unit of work's resources. */
    private static boolean retryingDeadLetter() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().containsKey(DeadLetter.class.getName());
    }

    /** A failure that is no fault of the event: its batch is retried. */
    static final class TransientFailure extends RuntimeException {

        TransientFailure(Throwable cause) {
            super("Event handler failed transiently; the batch is retried", cause);
        }
    }

    /** A handler failed outside a savepoint: the transaction may be unusable, so the batch must start over. */
    static final class UnisolatedFailure extends RuntimeException {

        UnisolatedFailure(Exception cause) {
            super("Event handler failed; the batch is retried with the handler isolated", cause);
        }
    }
}
