package com.lealup.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} (the schema of the Compose specification is checked by DCLint in {@code .ci/run}): the
 * topology of the design, each LealUp service in a role combination the server accepts, health checks, and every
 * variable it sets documented in README.md (LealUp's own in the configuration table).
 */
class ComposeFileTest {

    private static final Path ROOT = Path.of("..");
    private static final Set<String> LEALUP_SERVICES = Set.of("api", "command", "query", "automation");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new TreeMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of())).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @Test
    void postgreSqlAxonServerAndLealUpInEachRole() throws IOException {
        Map<String, Map<String, Object>> services = services();
        assertThat(services).containsKeys("postgres", "axonserver", "api", "command", "query", "automation");
        for (String name : LEALUP_SERVICES) {
            Map<String, String> env = environment(services.get(name));
            assertThat(env.get("LEALUP_ROLES")).as(name).isEqualTo(name);
            assertThat(env).as(name).containsKeys("LEALUP_DB_URL", "LEALUP_ENCRYPTION_KEY", "LEALUP_AXONSERVER_SERVERS");
            // the check the server makes at start
            assertThat(NodeRoles.parse(env.get("LEALUP_ROLES"), !env.get("LEALUP_AXONSERVER_SERVERS").isBlank()).roles())
                    .hasSize(1);
            assertThat(services.get(name)).as(name).containsKeys("healthcheck", "depends_on");
        }
        assertThat(services.get("postgres")).containsKey("healthcheck");
        assertThat(services.get("api").get("deploy").toString()).contains("replicas");
        assertThat(Files.readString(ROOT.resolve("Dockerfile"))).contains("HEALTHCHECK", "lealup.jar");
    }

    @Test
    void everyVariableItSetsIsInTheReadme() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
            for (String variable : environment(service.getValue()).keySet()) {
                if (variable.startsWith("LEALUP_")) {
                    assertThat(readme).as(variable + " of " + service.getKey() + " in README's configuration table")
                            .containsPattern(Pattern.compile("(?m)^\\| `" + variable + "`|^\\| `[A-Z_]+` / `" + variable + "`"));
                } else {
                    assertThat(readme).as(variable + " of " + service.getKey() + " in README").contains("`" + variable + "`");
                }
            }
        }
    }
}
