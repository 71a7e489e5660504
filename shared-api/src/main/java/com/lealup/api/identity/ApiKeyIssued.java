package com.lealup.api.identity;

import java.util.List;

public record ApiKeyIssued(String keyId, String workspaceId, String name, String role, List<String> scopes,
                           String userId, String secretHash) {
}
