package com.lealup.api;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * The trace id of the message being handled in the log's context ({@code trace_id}, as a request's lines carry it),
 * so that what a processor or a worker logs names the request that caused it.
 */
public final class TraceInLogs implements MessageHandlerInterceptor<Message<?>> {

    /** Work that may throw {@code E}. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T get() throws E;
    }

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain chain) throws Exception {
        return around(unitOfWork.getMessage(), chain::proceed);
    }

    /** {@code work}, with {@code message}'s trace id in the log's context. */
    public static void around(Message<?> message, Runnable work) {
        around(message, () -> {
            work.run();
            return null;
        });
    }

    /** {@code work}, with {@code message}'s trace id in the log's context. */
    public static <T, E extends Exception> T around(Message<?> message, Work<T, E> work) throws E {
        Object traceId = message.getMetaData().get(MetadataKeys.TRACE_ID);
        if (traceId == null) {
            return work.get();
        }
        String outer = MDC.get(MetadataKeys.TRACE_ID);
        MDC.put(MetadataKeys.TRACE_ID, traceId.toString());
        try {
            return work.get();
        } finally {
            if (outer == null) {
                MDC.remove(MetadataKeys.TRACE_ID);
            } else {
                MDC.put(MetadataKeys.TRACE_ID, outer);
            }
        }
    }
}
