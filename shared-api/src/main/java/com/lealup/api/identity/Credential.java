package com.lealup.api.identity;

/** What a bearer token stands for: its key and the key's workspace. */
public record Credential(WorkspaceView workspace, ApiKeyView key) {
}
