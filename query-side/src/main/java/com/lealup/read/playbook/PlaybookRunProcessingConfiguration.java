package com.lealup.read.playbook;

import com.lealup.api.projections.SequencedByWorkspace;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PlaybookRunProcessingConfiguration {

    /**
     * A workspace's runs, their notifications and its customers' erasures in order, in one segment. By aggregate, a
     * notify action's outcome (the notification's event) could be handled before its run's row was written, and the
     * action would stay pending for good; a run handled after its customer's erasure would outlive the customer.
     */
    @Bean
    ConfigurerModule playbookRunsSequencedByWorkspace() {
        return SequencedByWorkspace.in(PlaybookRunProjection.PROCESSING_GROUP);
    }
}
