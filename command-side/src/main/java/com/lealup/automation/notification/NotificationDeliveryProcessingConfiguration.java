package com.lealup.automation.notification;

import com.lealup.api.projections.SequencedByWorkspace;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NotificationDeliveryProcessingConfiguration {

    /**
     * A workspace's notifications in one sequence with its customers' erasures. By aggregate, on two segments, a
     * notification requested just before its customer's erasure could be handled after it: its delivery, no longer
     * forgotten by the erasure, would still go out.
     */
    @Bean
    ConfigurerModule notificationDeliverySequencedByWorkspace() {
        return SequencedByWorkspace.in(NotificationDeliveryPolicy.PROCESSING_GROUP);
    }
}
