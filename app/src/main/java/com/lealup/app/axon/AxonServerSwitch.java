package com.lealup.app.axon;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code LEALUP_AXONSERVER_SERVERS=host:8124} switches the event store and the command, query and event
 * buses to Axon Server; without it the server runs standalone on its database (the default). Messages may be up to
 * 16 MB, as {@code axon-server/axonserver.properties} allows on the server (Axon's default is 4 MB; a batch of
 * usage events is one command).
 */
class AxonServerSwitch implements EnvironmentPostProcessor {

    static final String SERVERS = "LEALUP_AXONSERVER_SERVERS";
    static final String MAX_MESSAGE_SIZE = "16777216";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String servers = environment.getProperty(SERVERS, "");
        if (!servers.isBlank()) {
            environment.getPropertySources().addFirst(new MapPropertySource("lealup-axonserver",
                    Map.of("axon.axonserver.enabled", "true", "axon.axonserver.servers", servers,
                            "axon.axonserver.max-message-size", MAX_MESSAGE_SIZE)));
        }
    }
}
