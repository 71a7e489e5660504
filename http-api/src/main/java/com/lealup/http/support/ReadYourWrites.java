package com.lealup.http.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lets a write answer only once the read model shows it: "wait until query Q answers a result satisfying P".
 * <p>
 * Contract for the query: its handler answers {@code Optional<R>}, and the projection, after updating its
 * rows, emits the new {@code R} with {@code QueryUpdateEmitter.emit(Q.class, filter, r)}. The wait is a
 * subscription query (updates are registered before the initial answer is read, so none is missed), bounded
 * by a timeout; at the timeout the query is read once more and that answer returned, satisfying or not.
 * <pre>{@code
 * Optional<CustomerView> view = readYourWrites.await(new FindCustomer(ws, id), CustomerView.class,
 *         c -> c.version() >= expectedVersion);
 * }</pre>
 */
@Component
public class ReadYourWrites {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final QueryGateway queryGateway;

    public ReadYourWrites(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    /** {@link #await(Object, Class, Predicate, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public <R> Optional<R> await(Object query, Class<R> type, Predicate<? super R> condition) {
        return await(query, type, condition, DEFAULT_TIMEOUT);
    }

    /**
     * The first answer to {@code query} that satisfies {@code condition}, or, after {@code timeout}, the answer
     * of a fresh read (which may be empty or not satisfy it: the caller decides what that means).
     */
    public <R> Optional<R> await(Object query, Class<R> type, Predicate<? super R> condition, Duration timeout) {
        Mono<Optional<R>> reread = Mono.defer(() -> Mono.fromFuture(
                queryGateway.query(query, ResponseTypes.optionalInstanceOf(type))));
        SubscriptionQueryResult<Optional<R>, R> result = queryGateway.subscriptionQuery(query,
                ResponseTypes.optionalInstanceOf(type), ResponseTypes.instanceOf(type));
        try {
            return Flux.concat(result.initialResult(), result.updates().map(Optional::of))
                    .filter(answer -> answer.filter(condition).isPresent())
                    .next()
                    .timeout(timeout, reread)
                    .switchIfEmpty(reread)
                    .block();
        } finally {
            result.cancel();
        }
    }
}
