package com.lealup.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.automation.customer.TrashPurgePolicy;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

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
        assertThat(Role.runningHandlersOf(Class.forName("com.lealup.read.customers.CustomerProjection")))
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
}
