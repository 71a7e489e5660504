package com.lealup.read.task;

import com.lealup.api.projections.SequencedByCustomer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TaskProcessingConfiguration {

    /**
     * A customer's tasks in one sequence with the customer's erasure: by task, a task created just before the erasure
     * could be handled after it, on another segment, and its row (its title, its notes) would outlive the customer.
     */
    @Bean
    ConfigurerModule tasksSequencedByCustomer() {
        return SequencedByCustomer.in(TaskProjection.PROCESSING_GROUP);
    }
}
