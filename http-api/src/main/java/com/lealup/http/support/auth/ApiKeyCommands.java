package com.lealup.http.support.auth;

import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.RevokeApiKey;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ReadYourWrites;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Issues and revokes API keys and answers only once the change holds for authentication: an issued key
 * works on the very next request, a revoked key fails on it (at once on this node, within the poll interval of
 * {@link CredentialCache} on the others). When the credentials read model lags past the read-your-writes timeout,
 * the change is recorded but not yet effective: the request answers {@link Accepted} (202).
 */
@Component
public class ApiKeyCommands {

    private final Commands commands;
    private final ReadYourWrites readYourWrites;
    private final CredentialCache credentials;

    public ApiKeyCommands(Commands commands, ReadYourWrites readYourWrites, CredentialCache credentials) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.credentials = credentials;
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
        awaitCredential(key.secretHash(), credential -> credential.key().revoked(),
                Accepted.of(location(key.id()), key.id()));
    }

    public static String location(String keyId) {
        return "/v1/api-keys/" + keyId;
    }

    private Credential awaitCredential(String secretHash, Predicate<Credential> condition, Accepted accepted) {
        Credential credential = readYourWrites.awaitOrAccept(new FindCredential(secretHash), Credential.class, condition,
                accepted);
        // a lookup made before the change may have cached the old answer
        credentials.evict(secretHash);
        return credential;
    }
}
