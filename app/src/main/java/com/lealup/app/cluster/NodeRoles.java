package com.lealup.app.cluster;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles of this node, from {@code LEALUP_ROLES} (comma separated; default all four). Combinations that cannot
 * work are refused at start, before anything else runs, with the reason:
 * <ul>
 *   <li>without Axon Server ({@code LEALUP_AXONSERVER_SERVERS}) commands travel on an in-process bus: a node that
 *   sends commands ({@code api}, or {@code automation}, whose policies send them) must handle them itself
 *   ({@code command}), and a {@code command} node that sends none would never receive one;</li>
 *   <li>with Axon Server every non-empty set works: commands are routed to the nodes that handle them.</li>
 * </ul>
 */
public record NodeRoles(Set<Role> roles) {

    public static final String VARIABLE = "LEALUP_ROLES";
    public static final String PROPERTY = "lealup.roles";

    public NodeRoles {
        roles = Set.copyOf(roles);
    }

    public static NodeRoles all() {
        return new NodeRoles(EnumSet.allOf(Role.class));
    }

    /** The roles {@code value} names, or {@link IllegalArgumentException} saying why they cannot run. */
    public static NodeRoles parse(String value, boolean axonServer) {
        if (value == null || value.isBlank()) {
            return all();
        }
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            roles.add(Arrays.stream(Role.values()).filter(r -> r.key().equals(trimmed)).findFirst()
                    .orElseThrow(() -> refused(value, "unknown role '" + trimmed + "'; the roles are api, command, "
                            + "query and automation, comma separated (default: all four)")));
        }
        if (roles.isEmpty()) {
            throw refused(value, "no role; name at least one of api, command, query, automation");
        }
        if (!axonServer) {
            if (roles.contains(Role.API) && !roles.contains(Role.COMMAND)) {
                throw refused(value, "an api node without the command role needs a distributed command bus to reach "
                        + "the command nodes, which only Axon Server provides (LEALUP_AXONSERVER_SERVERS); on PostgreSQL "
                        + "alone every api node handles its own commands: add command (api,command)");
            }
            if (roles.contains(Role.AUTOMATION) && !roles.contains(Role.COMMAND)) {
                throw refused(value, "policies send commands, and without Axon Server (LEALUP_AXONSERVER_SERVERS) "
                        + "commands stay in the node that sends them: add command (automation,command)");
            }
            if (roles.contains(Role.COMMAND) && !roles.contains(Role.API) && !roles.contains(Role.AUTOMATION)) {
                throw refused(value, "without Axon Server (LEALUP_AXONSERVER_SERVERS) a command node only handles the "
                        + "commands of its own api or automation role, and it has neither: add api or automation");
            }
        }
        return new NodeRoles(roles);
    }

    private static IllegalArgumentException refused(String value, String why) {
        return new IllegalArgumentException(VARIABLE + "=" + value + " cannot run: " + why);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return Arrays.stream(Role.values()).filter(roles::contains).map(Role::key).collect(Collectors.joining(","));
    }
}
