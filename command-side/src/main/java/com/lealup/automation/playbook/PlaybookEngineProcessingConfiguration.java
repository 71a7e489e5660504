package com.lealup.automation.playbook;

import com.lealup.api.projections.SequencedByWorkspace;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlaybookEngineProcessingConfiguration {

    /**
     * A workspace's events in order, in one segment, whichever aggregate (or none) they come from. By default each
     * aggregate is a sequence of its own: on two segments a playbook's creation could then scan the customers while
     * a customer's creation, handled concurrently, looked for the playbooks; each missed the other's uncommitted row,
     * and the customer never fired. The workspace's days ({@link PlaybookDaySweep}) are its events too.
     */
    @Bean
    ConfigurerModule playbookEngineSequencedByWorkspace() {
        return SequencedByWorkspace.in(PlaybookEngine.PROCESSING_GROUP);
    }
}
