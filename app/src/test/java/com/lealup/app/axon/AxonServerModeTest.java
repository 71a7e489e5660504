package com.lealup.app.axon;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.RoutingKey;
import org.axonframework.modelling.command.AggregateRoot;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Axon Server mode as far as it can be checked without an Axon Server (none runs on the build machine; see
 * axon-server/README.md for what is and is not tested): the switch, the routing keys of the commands, and the
 * Axon Server configuration the compose file mounts.
 */
class AxonServerModeTest {

    @Test
    void theVariableSwitchesAxonServerOnWithItsAddress() {
        StandardEnvironment on = environment(Map.of("LEALUP_AXONSERVER_SERVERS", "axonserver:8124"));
        assertThat(on.getProperty("axon.axonserver.enabled")).isEqualTo("true");
        assertThat(on.getProperty("axon.axonserver.servers")).isEqualTo("axonserver:8124");
        assertThat(on.getProperty("axon.axonserver.max-message-size")).isEqualTo(AxonServerSwitch.MAX_MESSAGE_SIZE);

        StandardEnvironment off = environment(Map.of());
        assertThat(off.getProperty("axon.axonserver.enabled")).isNull();
    }

    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("variables", variables));
        new AxonServerSwitch().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    /**
     * Axon Server routes a command by its routing key (consistent hashing over the nodes that handle it), so all
     * commands of one aggregate reach one node and take turns there instead of racing in the event store. Every
     * command an aggregate handles names its aggregate ({@code @TargetAggregateIdentifier}, a {@code @RoutingKey});
     * a command without one would go to a random node each time (correct, through {@code ConcurrentWriteRetry}, but
     * racing).
     */
    @Test
    void everyCommandOfAnAggregateCarriesItsAggregateAsRoutingKey() throws Exception {
        Set<String> withoutKey = new TreeSet<>();
        int commands = 0;
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.lealup.write")) {
            if (!type.isAnnotatedWith(AggregateRoot.class) && !type.isMetaAnnotatedWith(AggregateRoot.class)) {
                continue;
            }
            for (JavaMethod method : type.getMethods()) {
                if (!method.isAnnotatedWith(CommandHandler.class) || method.getRawParameterTypes().isEmpty()) {
                    continue;
                }
                Class<?> command = Class.forName(method.getRawParameterTypes().get(0).getName());
                commands++;
                if (!hasRoutingKey(command)) {
                    withoutKey.add(command.getName());
                }
            }
        }
        assertThat(commands).isGreaterThan(20);
        assertThat(withoutKey).as("commands of aggregates without a routing key").isEmpty();
    }

    private static boolean hasRoutingKey(Class<?> command) {
        for (Field field : command.getDeclaredFields()) {
            if (AnnotatedElementUtils.hasAnnotation(field, RoutingKey.class)) {
                return true;
            }
        }
        return command.isRecord() && java.util.Arrays.stream(command.getRecordComponents())
                .anyMatch(c -> AnnotatedElementUtils.hasAnnotation(c.getAccessor(), RoutingKey.class));
    }

    /** The server side: the free edition as one standalone node, its storage where the compose file keeps its volumes. */
    @Test
    void theAxonServerConfigurationMatchesTheComposeFile() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("..", "axon-server", "axonserver.properties"))) {
            properties.load(reader);
        }
        String compose = Files.readString(Path.of("..", "docker-compose.yml"));
        assertThat(properties.getProperty("axoniq.axonserver.standalone")).isEqualTo("true");
        assertThat(properties.getProperty("axoniq.axonserver.max-message-size")).isEqualTo(AxonServerSwitch.MAX_MESSAGE_SIZE);
        assertThat(compose).contains(":" + properties.getProperty("axoniq.axonserver.event.storage"))
                .contains(":" + properties.getProperty("axoniq.axonserver.controldb-path"))
                .contains("./axon-server/axonserver.properties:/axonserver/config/axonserver.properties");
    }
}
