package com.lealup.automation;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Actor;
import com.lealup.api.MetadataKeys;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

class SystemCommandsTest {

    @Test
    void theSystemActsInTheWorkspaceOnANewTraceOutsideAUnitOfWork() {
        MetaData metadata = SystemCommands.metadata("trash-purge", "wsp_1");
        assertThat(metadata).containsEntry(MetadataKeys.ACTOR_TYPE, Actor.SYSTEM)
                .containsEntry(MetadataKeys.ACTOR_ID, "trash-purge").containsEntry(MetadataKeys.WORKSPACE_ID, "wsp_1")
                .containsKey(MetadataKeys.TRACE_ID);
        assertThat(SystemCommands.metadata("trash-purge", "wsp_1").get(MetadataKeys.TRACE_ID))
                .isNotEqualTo(metadata.get(MetadataKeys.TRACE_ID));
    }

    @Test
    void aCommandOfNoWorkspaceNamesNone() {
        assertThat(SystemCommands.metadata("playbook-engine", null)).doesNotContainKey(MetadataKeys.WORKSPACE_ID)
                .containsEntry(MetadataKeys.ACTOR_ID, "playbook-engine");
    }

    @Test
    void insideAnEventsUnitOfWorkTheTraceCarriesOverByCorrelation() {
        MetaData inside = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("event"))
                .executeWithResult(() -> SystemCommands.metadata("playbook-engine", "wsp_1")).getPayload();
        assertThat(inside).doesNotContainKey(MetadataKeys.TRACE_ID).containsEntry(MetadataKeys.WORKSPACE_ID, "wsp_1");
    }
}
