package com.lealup.http.support;

import java.time.Duration;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Lets a write answer only once the read model shows it: subscribes to a query (the projection emits an
 * update after each event it applies) and waits for a result that satisfies a predicate, bounded by a
 * timeout. At the timeout it reads the query once more, which also covers a projection running on
 * another node, whose updates this node's subscription does not see.
 */
@Component
public class ReadYourWrites {

    private final QueryGateway queries;
    private final Duration timeout;

    public ReadYourWrites(QueryGateway queries, @Value("${lealup.read-your-writes.timeout:PT5S}") Duration timeout) {
        this.queries = queries;
        this.timeout = timeout;
    }

    /** Waits until {@code query} answers a {@code type} that satisfies {@code caughtUp}; false at the timeout. */
    public <Q, R> boolean await(Q query, Class<R> type, Predicate<R> caughtUp) {
        SubscriptionQueryResult<R, R> result = queries.subscriptionQuery(query, ResponseTypes.instanceOf(type),
                ResponseTypes.instanceOf(type));
        try {
            R seen = result.initialResult().concatWith(result.updates())
                    .filter(caughtUp)
                    .blockFirst(timeout);
            return seen != null;
        } catch (IllegalStateException timedOut) {
            return caughtUp.test(queries.query(query, ResponseTypes.instanceOf(type)).join());
        } finally {
            result.cancel();
        }
    }
}
