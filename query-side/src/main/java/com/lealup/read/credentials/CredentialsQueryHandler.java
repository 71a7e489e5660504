package com.lealup.read.credentials;

import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindApiKey;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.ListApiKeys;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class CredentialsQueryHandler {

    private final CredentialRows rows;

    CredentialsQueryHandler(CredentialRows rows) {
        this.rows = rows;
    }

    @QueryHandler
    Optional<Credential> handle(FindCredential query) {
        // a 256-bit random secret never collides; should a chosen bootstrap secret do so, the oldest key wins
        return rows.credentialsBySecretHash(query.secretHash()).stream().findFirst();
    }

    @QueryHandler
    Optional<ApiKeyView> handle(FindApiKey query) {
        return rows.key(query.workspaceId(), query.keyId());
    }

    @QueryHandler
    List<ApiKeyView> handle(ListApiKeys query) {
        return rows.validKeys(query.workspaceId(), query.afterKeyId(), query.limit());
    }
}
