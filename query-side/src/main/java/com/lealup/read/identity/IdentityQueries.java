package com.lealup.read.identity;

import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.CredentialChanges;
import com.lealup.api.identity.FindCredentialChanges;
import com.lealup.api.identity.FindUser;
import com.lealup.api.identity.FindWorkspace;
import com.lealup.api.identity.WorkspaceView;
import com.lealup.api.identity.ListUsers;
import com.lealup.api.identity.UserView;
import com.lealup.api.identity.FindApiKey;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.ListApiKeys;
import com.lealup.api.identity.ListUserApiKeys;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** The queries of the identity read model: credentials, workspaces, users, API keys and the credential change feed. */
@Component
class IdentityQueries {

    private final CredentialRows rows;
    private final CredentialChangeLog changes;

    IdentityQueries(CredentialRows rows, CredentialChangeLog changes) {
        this.rows = rows;
        this.changes = changes;
    }

    @QueryHandler
    Optional<Credential> handle(FindCredential query) {
        // a 256-bit random secret never collides; should a chosen bootstrap secret do so, the oldest key wins
        return rows.credentialsBySecretHash(query.secretHash()).stream().findFirst();
    }

    @QueryHandler
    Optional<ApiKeyView> handle(FindApiKey query) {
        return rows.validKey(query.workspaceId(), query.keyId());
    }

    @QueryHandler
    List<ApiKeyView> handle(ListApiKeys query) {
        return rows.validKeys(query.workspaceId(), query.afterKeyId(), query.limit());
    }

    @QueryHandler
    List<ApiKeyView> handle(ListUserApiKeys query) {
        return rows.validKeysOf(query.workspaceId(), query.userId());
    }

    @QueryHandler
    CredentialChanges handle(FindCredentialChanges query) {
        return changes.since(query.afterVersion());
    }

    @QueryHandler
    Optional<WorkspaceView> handle(FindWorkspace query) {
        return rows.workspace(query.workspaceId());
    }

    @QueryHandler
    Optional<UserView> handle(FindUser query) {
        return rows.user(query.workspaceId(), query.userId());
    }

    @QueryHandler
    List<UserView> handle(ListUsers query) {
        return rows.users(query.workspaceId(), query.afterUserId(), query.limit());
    }
}
