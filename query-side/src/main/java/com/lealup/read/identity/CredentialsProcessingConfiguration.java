package com.lealup.read.identity;

import com.lealup.api.projections.SequencedByWorkspace;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CredentialsProcessingConfiguration {

    /**
     * A workspace's events in order, in one segment. With the default per-aggregate sequencing a key and its
     * workspace could be handled in concurrent transactions that each miss the other's row, so neither would
     * emit the credential a waiting write subscribes to.
     */
    @Bean
    ConfigurerModule credentialsSequencedByWorkspace() {
        return SequencedByWorkspace.in(CredentialsProjection.PROCESSING_GROUP);
    }
}
