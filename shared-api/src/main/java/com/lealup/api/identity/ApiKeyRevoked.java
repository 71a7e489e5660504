package com.lealup.api.identity;

public record ApiKeyRevoked(String keyId, String workspaceId) {
}
