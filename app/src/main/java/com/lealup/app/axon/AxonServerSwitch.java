package com.lealup.app.axon;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LEALUP_AXONSERVER_SERVERS=host:8124} switches the event store and the command, query and event
 * buses to Axon Server; without it the server runs standalone on its database (the default).
 */
class AxonServerSwitch implements EnvironmentPostProcessor {

    static final String SERVERS = "LEALUP_AXONSERVER_SERVERS";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String servers = environment.getProperty(SERVERS, "");
        if (!servers.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("lealup-axonserver",
                    Map.of("axon.axonserver.enabled", "true", "axon.axonserver.servers", servers)));
        }
    }
}
