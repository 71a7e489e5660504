package com.lealup.app.cluster;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Reads {@code LEALUP_ROLES} before anything starts (the embedded database included), so that a combination that
 * cannot work stops the start with its reason ({@link NodeRoles#parse}) instead of a node that silently serves
 * nothing; the roles it accepted are {@code lealup.roles} for the rest of the application.
 */
class RolesCheck implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean axonServer = !environment.getProperty("LEALUP_AXONSERVER_SERVERS", "").isBlank()
                || environment.getProperty("axon.axonserver.enabled", Boolean.class, false);
        String value = environment.getProperty(NodeRoles.VARIABLE, environment.getProperty(NodeRoles.PROPERTY, ""));
        NodeRoles roles = NodeRoles.parse(value, axonServer);
        environment.getPropertySources().addFirst(new MapPropertySource("lealup-roles",
                Map.of(NodeRoles.PROPERTY, roles.toString())));
    }
}
