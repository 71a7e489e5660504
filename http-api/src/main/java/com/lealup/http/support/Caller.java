package com.lealup.http.support;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * The authenticated actor of a request: its workspace (and the workspace's tier, for rate limits), who it
 * is, its role and its effective scopes (the token's scopes intersected with the role's rights).
 * Controllers take it as a parameter.
 */
public record Caller(String workspaceId, String tier, String actorType, String actorId, String role, Set<String> scopes) {

    public static final String REQUEST_ATTRIBUTE = Caller.class.getName();
    public static final String ADMIN_SCOPE = "admin:*";

    public boolean hasScope(String scope) {
        return scopes.contains(ADMIN_SCOPE) || scopes.contains(scope);
    }

    /** A scope of {@code scopes} the caller lacks: a key never grants nor revokes more than it holds. */
    public Optional<String> missingScope(Collection<String> scopes) {
        return scopes.stream().filter(scope -> !hasScope(scope)).findFirst();
    }

    /** 403 unless the caller has {@code scope} (or {@code admin:*}). */
    public Caller require(String scope) {
        if (!hasScope(scope)) {
            throw ApiException.forbidden("This operation needs the scope '" + scope + "'");
        }
        return this;
    }

    /** 403 unless the caller acts in {@code role}, or in one of {@code otherRoles}. */
    public Caller requireRole(String role, String... otherRoles) {
        if (!role.equals(this.role) && !java.util.Arrays.asList(otherRoles).contains(this.role)) {
            throw ApiException.forbidden("This operation needs the role '" + role + "'"
                    + (otherRoles.length == 0 ? "" : " or '" + String.join("' or '", otherRoles) + "'"));
        }
        return this;
    }
}
