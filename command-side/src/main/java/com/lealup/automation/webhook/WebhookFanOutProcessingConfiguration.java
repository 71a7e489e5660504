package com.lealup.automation.webhook;

import com.lealup.api.projections.SequencedByWorkspace;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookFanOutProcessingConfiguration {

    /**
     * A workspace's events in the store's order, in one segment, as its subscriptions' queues are. By aggregate, on two
     * segments, an event handled beside its subscription's creation (or enabling) missed the route for good, one of
     * before it could be queued after it, and two events of different aggregates (a customer's two scores) could be
     * queued, hence delivered, in the wrong order.
     */
    @Bean
    ConfigurerModule webhookFanOutSequencedByWorkspace() {
        return SequencedByWorkspace.in(WebhookFanOutPolicy.PROCESSING_GROUP);
    }
}
