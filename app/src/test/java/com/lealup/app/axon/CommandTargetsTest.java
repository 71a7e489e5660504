package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.UpdateCustomer;
import java.util.Set;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

/** The same targets as Axon's {@link AnnotationCommandTargetResolver}, and Axon's failures. */
class CommandTargetsTest {

    private final CommandTargets targets = new CommandTargets();
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    @Test
    void aCommandOfTheContractTargetsItsAggregate() {
        assertSameAsAxon(new UpdateCustomer("cus_1", "wsp_1", 7L, null, Set.of(), null));
        assertSameAsAxon(new UpdateCustomer("cus_1", "wsp_1", null, null, Set.of(), null));
        assertSameAsAxon(new CreateCustomer("cus_2", "wsp_1", null, null));

        assertThat(resolve(new UpdateCustomer("cus_1", "wsp_1", 7L, null, Set.of(), null)).getIdentifier())
                .isEqualTo("cus_1");
    }

    @Test
    void membersAreFoundInSuperclassesFieldsAndMethodsAsAxonFindsThem() {
        assertSameAsAxon(new ByField("agg_1", 3));
        assertSameAsAxon(new ByMethod("agg_2"));
        assertSameAsAxon(new Inheriting("agg_3", 4));
        // the second command of a class reads its own values, not the first's
        assertThat(resolve(new ByField("agg_4", 5)).getIdentifier()).isEqualTo("agg_4");
    }

    @Test
    void whatAxonCannotResolveFailsAsAxonFailsIt() {
        for (Object command : new Object[] {new ByField(null, 1), new Unmarked("x"), new TextVersion("agg", "two")}) {
            Throwable axon = catchAxons(command);
            assertThat(axon).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> resolve(command)).isInstanceOf(axon.getClass()).hasMessage(axon.getMessage());
        }
        assertSameAsAxon(new TextVersion("agg", "12"));
    }

    private void assertSameAsAxon(Object command) {
        VersionedAggregateIdentifier expected = axons.resolveTarget(GenericCommandMessage.asCommandMessage(command));
        VersionedAggregateIdentifier actual = resolve(command);
        assertThat(actual.getIdentifierValue()).isEqualTo(expected.getIdentifierValue());
        assertThat(actual.getVersion()).isEqualTo(expected.getVersion());
    }

    private VersionedAggregateIdentifier resolve(Object command) {
        return targets.resolveTarget(GenericCommandMessage.asCommandMessage(command));
    }

    private Throwable catchAxons(Object command) {
        try {
            axons.resolveTarget(GenericCommandMessage.asCommandMessage(command));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    static class ByField {
        @TargetAggregateIdentifier
        private final String id;
        @TargetAggregateVersion
        private final int version;

        ByField(String id, int version) {
            this.id = id;
            this.version = version;
        }
    }

    static final class Inheriting extends ByField {
        Inheriting(String id, int version) {
            super(id, version);
        }
    }

    record ByMethod(String id) {
        @TargetAggregateIdentifier
        String target() {
            return "target-" + id;
        }
    }

    record Unmarked(String id) {
    }

    record TextVersion(@TargetAggregateIdentifier String id, @TargetAggregateVersion String version) {
    }
}
