package com.lealup.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.automation.customer.TrashPurgePolicy;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.FutureCallback;
import org.axonframework.common.Registration;
import org.axonframework.messaging.Distributed;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class NodeRolesTest {

    @Test
    void allFourByDefault() {
        assertThat(NodeRoles.parse("", false).roles()).isEqualTo(EnumSet.allOf(Role.class));
        assertThat(NodeRoles.parse(null, false)).hasToString("api,command,query,automation");
    }

    @Test
    void namesAreTrimmedAndCaseInsensitive() {
        assertThat(NodeRoles.parse(" API , Command,", false).roles()).containsExactlyInAnyOrder(Role.API, Role.COMMAND);
    }

    @Test
    void onPostgreSqlAloneEveryNodeThatSendsCommandsHandlesThem() {
        assertThat(NodeRoles.parse("query", false).roles()).containsExactly(Role.QUERY);
        assertThat(NodeRoles.parse("api,command", false).roles()).containsExactlyInAnyOrder(Role.API, Role.COMMAND);
        assertThat(NodeRoles.parse("automation,command", false).roles()).hasSize(2);

        assertThatThrownBy(() -> NodeRoles.parse("api", false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LEALUP_ROLES=api cannot run").hasMessageContaining("Axon Server")
                .hasMessageContaining("LEALUP_AXONSERVER_SERVERS");
        assertThatThrownBy(() -> NodeRoles.parse("api,query", false)).hasMessageContaining("add command");
        assertThatThrownBy(() -> NodeRoles.parse("automation", false)).hasMessageContaining("policies send commands");
        assertThatThrownBy(() -> NodeRoles.parse("command", false)).hasMessageContaining("add api or automation");
        assertThatThrownBy(() -> NodeRoles.parse("command,query", false)).hasMessageContaining("add api or automation");
    }

    @Test
    void withAxonServerEveryRoleMayRunAlone() {
        for (Role role : Role.values()) {
            assertThat(NodeRoles.parse(role.name(), true).roles()).containsExactly(role);
        }
    }

    @Test
    void unknownOrNoRolesAreRefused() {
        assertThatThrownBy(() -> NodeRoles.parse("api,projections", true))
                .hasMessageContaining("unknown role 'projections'");
        assertThatThrownBy(() -> NodeRoles.parse(" , ", true)).hasMessageContaining("no role");
    }

    @Test
    void theRoleOfAHandlerIsItsPackage() throws Exception {
        assertThat(Role.runningHandlersOf(Class.forName("com.lealup.read.customer.CustomerProjection")))
                .isEqualTo(Role.QUERY);
        assertThat(Role.runningHandlersOf(Class.forName("com.lealup.app.history.CustomerRecordSnapshotProjection")))
                .isEqualTo(Role.QUERY);
        assertThat(Role.runningHandlersOf(TrashPurgePolicy.class)).isEqualTo(Role.AUTOMATION);
        assertThatThrownBy(() -> Role.runningHandlersOf(NodeRolesTest.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no role runs it");
    }

    @Test
    void aScheduledJobOfAPolicyRunsOnlyOnAnAutomationNode() {
        AtomicInteger runs = new AtomicInteger();
        Runnable sweep = new Runnable() {
            @Override
            public void run() {
                runs.incrementAndGet();
            }

            @Override
            public String toString() {
                // what Spring's ScheduledMethodRunnable (and the task wrapping it) answers
                return "com.lealup.automation.customer.TrashPurgePolicy.sweep";
            }
        };
        Runnable other = runs::incrementAndGet;

        new RolesConfiguration.RoleScheduler(NodeRoles.parse("query", false)).gated(sweep).run();
        assertThat(runs).hasValue(0);
        new RolesConfiguration.RoleScheduler(NodeRoles.parse("query", false)).gated(other).run();
        assertThat(runs).hasValue(1);
        new RolesConfiguration.RoleScheduler(NodeRoles.parse("automation,command", false)).gated(sweep).run();
        assertThat(runs).hasValue(2);
    }

    @Test
    void withoutTheCommandRoleTheDistributedBusTakesNoHandler() throws Exception {
        assertThat(handles("api,query")).as("an api node sends, Axon Server routes to the command nodes").isFalse();
        assertThat(handles("command")).isTrue();
        assertThat(handles("")).isTrue();

        SimpleCommandBus inProcess = SimpleCommandBus.builder().build();
        assertThat(RolesConfiguration.dispatchOnly(inProcess)).as("standalone: the in-process bus stays").isSameAs(inProcess);
    }

    /** Whether a node of {@code roles} on Axon Server handles a command its code has a handler for. */
    private static boolean handles(String roles) throws Exception {
        MockEnvironment environment = new MockEnvironment().withProperty(NodeRoles.PROPERTY, roles)
                .withProperty("axon.axonserver.enabled", "true");
        CommandBus bus = (CommandBus) RolesConfiguration.commandHandlersOnlyOnCommandNodes(environment)
                .postProcessAfterInitialization(new AxonServerStandIn(), "axonServerCommandBus");
        bus.subscribe("Ping", command -> "pong");
        FutureCallback<Object, Object> answer = new FutureCallback<>();
        bus.dispatch(new GenericCommandMessage<>(new GenericMessage<>("ping"), "Ping"), answer);
        return !answer.getResult().isExceptional();
    }

    /** Axon Server's command bus as far as roles see it: distributed, handlers subscribed through it. */
    private static final class AxonServerStandIn implements CommandBus, Distributed<CommandBus> {

        private final SimpleCommandBus local = SimpleCommandBus.builder().build();

        @Override
        public <C> void dispatch(CommandMessage<C> command) {
            local.dispatch(command);
        }

        @Override
        public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
            local.dispatch(command, callback);
        }

        @Override
        public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
            return local.subscribe(commandName, handler);
        }

        @Override
        public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
            return local.registerHandlerInterceptor(interceptor);
        }

        @Override
        public Registration registerDispatchInterceptor(MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
            return local.registerDispatchInterceptor(interceptor);
        }

        @Override
        public CommandBus localSegment() {
            return local;
        }
    }
}
