package com.lealup.automation;

import java.util.List;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;

/**
 * The commands a policy sends, for fixture-style policy tests: Axon's recording command bus behind a real gateway
 * (what {@code SagaTestFixture} does for sagas). Each command succeeds with {@code null} unless {@link #answer} says
 * otherwise.
 */
public final class SentCommands {

    private final RecordingCommandBus bus = new RecordingCommandBus();
    private final CommandGateway gateway = DefaultCommandGateway.builder().commandBus(bus).build();

    public CommandGateway gateway() {
        return gateway;
    }

    /** What the handler of each command answers, or throws (a rejection, a failing database). */
    public void answer(Function<Object, Object> handler) {
        bus.setCallbackBehavior((payload, metadata) -> handler.apply(payload));
    }

    public List<Object> payloads() {
        return bus.getDispatchedCommands().stream().map(c -> (Object) c.getPayload()).toList();
    }

    public List<CommandMessage<?>> messages() {
        return bus.getDispatchedCommands();
    }

    public void clear() {
        bus.clearCommands();
    }
}
