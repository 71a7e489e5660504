package com.lealup.read.analytics;

import com.lealup.api.analytics.FindPortfolio;
import com.lealup.api.projections.SequencedByCustomer;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PortfolioProcessingConfiguration {

    /**
     * A customer's changes and scores one at a time: each moves the customer from the state the one before left, its
     * status and ARR and its health together.
     */
    @Bean
    ConfigurerModule portfolioSequencedByCustomer() {
        return SequencedByCustomer.in(FindPortfolio.PROCESSING_GROUP);
    }
}
