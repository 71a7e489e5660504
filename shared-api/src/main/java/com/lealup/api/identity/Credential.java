package com.lealup.api.identity;

/**
 * What a bearer token stands for: its key, the key's workspace and, for a key bound to a user, that user
 * (null otherwise). A bound key acts as its user, with the user's current role, while the user is active.
 */
public record Credential(WorkspaceView workspace, ApiKeyView key, UserView user) {

    /** Valid: neither revoked nor bound to a deactivated (or unknown) user. */
    public boolean valid() {
        return !key.revoked() && (key.userId() == null || (user != null && user.active()));
    }

    /** The role the token acts in: its user's, if bound to one, else the key's own. */
    public String role() {
        return user != null ? user.role() : key.role();
    }
}
