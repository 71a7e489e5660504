package com.lealup.app.cluster;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.lifecycle.Lifecycle;
import org.axonframework.messaging.Distributed;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The distributed command bus of a node without the {@code command} role: it sends commands to the nodes that
 * handle them and takes no handler itself, so Axon Server never routes a command here. Without it every node would
 * register the aggregates' handlers (they are in every node's code) and {@code command} could not be scaled apart
 * from {@code api}. The bus's lifecycle (connecting, draining on shutdown) stays the distributed bus's own.
 */
final class DispatchOnlyCommandBus implements CommandBus, Distributed<CommandBus>, Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(DispatchOnlyCommandBus.class);

    private final CommandBus bus;
    private final Distributed<?> distributed;

    /** {@code bus}: the distributed one (Axon Server's), which also answers for its local segment. */
    <B extends CommandBus & Distributed<?>> DispatchOnlyCommandBus(B bus) {
        this.bus = bus;
        this.distributed = bus;
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        bus.dispatch(command);
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        bus.dispatch(command, callback);
    }

    /** Not a command node: the handler is left out, and Axon Server does not learn that this node could take it. */
    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        log.debug("not handling {}: this node has no command role", commandName);
        return () -> true;
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return bus.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return bus.registerDispatchInterceptor(interceptor);
    }

    @Override
    public CommandBus localSegment() {
        return (CommandBus) distributed.localSegment();
    }

    @Override
    public void registerLifecycleHandlers(LifecycleRegistry lifecycle) {
        if (bus instanceof Lifecycle own) {
            own.registerLifecycleHandlers(lifecycle);
        }
    }
}
