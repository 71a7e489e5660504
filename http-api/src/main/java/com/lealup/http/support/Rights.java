package com.lealup.http.support;

import com.lealup.api.identity.Roles;
import com.lealup.api.identity.Scopes;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which scopes each role may use. A token's effective scopes are its scopes (with {@code admin:*} standing
 * for every scope) intersected with its role's rights; {@link Caller#scopes()} holds the result.
 * docs/identity.md shows this table.
 */
public final class Rights {

    private static final List<String> READS = Scopes.ALL.stream().filter(s -> s.endsWith(":read")).toList();

    private static final Map<String, Set<String>> BY_ROLE = Map.of(
            Roles.ADMIN, Set.copyOf(Scopes.ALL),
            Roles.MANAGER, Scopes.ALL.stream()
                    .filter(s -> !s.equals(Scopes.ADMIN) && !s.equals("users:write"))
                    .collect(Collectors.toUnmodifiableSet()),
            Roles.CSM, Set.of("customers:read", "customers:write", "health:read", "playbooks:read",
                    "tasks:read", "tasks:write", "events:read", "events:write", "analytics:read", "users:read",
                    "webhooks:read", "integrations:read"),
            Roles.VIEWER, Set.copyOf(READS));

    private Rights() {
    }

    /** The scopes {@code role} may use; none for an unknown role. */
    public static Set<String> of(String role) {
        return BY_ROLE.getOrDefault(role, Set.of());
    }

    /** {@code scopes} as granted to a token of {@code role}, in the canonical order of {@link Scopes#ALL}. */
    public static Set<String> effective(String role, Iterable<String> scopes) {
        Set<String> granted = new HashSet<>();
        scopes.forEach(granted::add);
        boolean all = granted.contains(Scopes.ADMIN);
        Set<String> rights = of(role);
        return Collections.unmodifiableSet(Scopes.ALL.stream()
                .filter(s -> (all || granted.contains(s)) && rights.contains(s))
                .collect(Collectors.<String, Set<String>>toCollection(LinkedHashSet::new)));
    }
}
