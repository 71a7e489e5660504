package com.lealup.http.support.auth;

import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.ChangeUserRole;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.DeactivateUser;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.FindUser;
import com.lealup.api.identity.InviteUser;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.RevokeApiKey;
import com.lealup.api.identity.UpdateUser;
import com.lealup.api.identity.UserView;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ReadYourWrites;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Changes to API keys and users that answer only once they hold for authentication: an issued key works on the
 * very next request to this node; a revoked key, a deactivated user's keys and a changed role act accordingly on the
 * very next request to any node, since the answer waits until every node's {@link CredentialCache} has applied the
 * change ({@link CredentialCacheNodes}). When the identity read model or another node's cache lags past the
 * read-your-writes timeout, the change is recorded but not yet effective: the request answers {@link Accepted} (202).
 */
@Component
public class IdentityCommands {

    private final Commands commands;
    private final ReadYourWrites readYourWrites;
    private final CredentialCache credentials;
    private final CredentialCacheNodes nodes;

    IdentityCommands(Commands commands, ReadYourWrites readYourWrites, CredentialCache credentials,
                     CredentialCacheNodes nodes) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.credentials = credentials;
        this.nodes = nodes;
    }

    /**
     * The credential of the key as the read model shows it (an existing key is returned as it is); {@code accepted}
     * (with the secret: the client sees it nowhere else) when the read model lags.
     */
    public Credential issue(Caller caller, IssueApiKey command, Accepted accepted) {
        commands.send(caller, command);
        return awaitCredential(command.secretHash(), credential -> true, accepted);
    }

    public void revoke(Caller caller, ApiKeyView key) {
        commands.send(caller, new RevokeApiKey(key.id(), key.workspaceId()));
        Accepted accepted = Accepted.of(keyLocation(key.id()), key.id());
        awaitCredential(key.secretHash(), credential -> credential.key().revoked(), accepted);
        awaitEveryNode(accepted);
    }

    public static String keyLocation(String keyId) {
        return "/v1/api-keys/" + keyId;
    }

    public UserView invite(Caller caller, InviteUser command) {
        commands.send(caller, command);
        return awaitUser(caller, command.userId(), 1);
    }

    public UserView changeRole(Caller caller, ChangeUserRole command) {
        long version = commands.send(caller, command);
        UserView user = awaitUser(caller, command.userId(), version);
        awaitEveryNode(userAccepted(command.userId(), version));
        return user;
    }

    /**
     * Locale, timezone and territories grant nothing: the answer waits for the read model only, not for every node's
     * credential cache.
     */
    public UserView update(Caller caller, UpdateUser command) {
        long version = commands.send(caller, command);
        return awaitUser(caller, command.userId(), version);
    }

    public void deactivate(Caller caller, DeactivateUser command) {
        long version = commands.send(caller, command);
        awaitUser(caller, command.userId(), version);
        awaitEveryNode(userAccepted(command.userId(), version));
    }

    private Credential awaitCredential(String secretHash, Predicate<Credential> condition, Accepted accepted) {
        Credential credential = readYourWrites.awaitOrAccept(new FindCredential(secretHash), Credential.class, condition,
                accepted);
        // a lookup made before the change may have cached the old answer
        credentials.evict(secretHash);
        return credential;
    }

    private UserView awaitUser(Caller caller, String userId, long version) {
        // the users and credentials read models are one projection: once the user shows, so do the user's keys
        return readYourWrites.awaitOrAccept(new FindUser(caller.workspaceId(), userId), UserView.class,
                u -> u.version() >= version, userAccepted(userId, version));
    }

    private static Accepted userAccepted(String userId, long version) {
        return Accepted.of("/v1/users/" + userId, userId, version);
    }

    /**
     * Once the read model shows a change, this node applies the credential change feed up to it, and every other node
     * as far ({@link CredentialCacheNodes}); a poll of this node that fails leaves the place unknown, so the change is
     * answered as accepted, not yet known to be effective everywhere.
     */
    private void awaitEveryNode(Accepted accepted) {
        long version = credentials.catchUp();
        readYourWrites.awaitOrAccept(() -> version >= 0 && nodes.appliedEverywhere(version), accepted);
    }
}
