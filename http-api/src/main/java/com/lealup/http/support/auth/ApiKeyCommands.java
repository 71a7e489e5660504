package com.lealup.http.support.auth;

import com.lealup.api.identity.ApiKeyView;
import com.lealup.api.identity.Credential;
import com.lealup.api.identity.FindCredential;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.RevokeApiKey;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ReadYourWrites;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Issues and revokes API keys and answers only once the change holds for authentication: an issued key
 * works on the very next request, a revoked key fails on it (at once on this node, within the poll interval of
 * {@link CredentialCache} on the others).
 */
@Component
public class ApiKeyCommands {

    /** The code of the 503 answered when a change is recorded but the read model does not show it in time. */
    public static final String READ_MODEL_LAGGING = "read_model_lagging";

    private final Commands commands;
    private final ReadYourWrites readYourWrites;
    private final CredentialCache credentials;

    public ApiKeyCommands(Commands commands, ReadYourWrites readYourWrites, CredentialCache credentials) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.credentials = credentials;
    }

    /** The credential of the key as the read model shows it (an existing key is returned as it is). */
    public Credential issue(Caller caller, IssueApiKey command) {
        commands.send(caller, command);
        return awaitCredential(command.secretHash(), credential -> true, command.keyId());
    }

    public void revoke(Caller caller, ApiKeyView key) {
        commands.send(caller, new RevokeApiKey(key.id(), key.workspaceId()));
        awaitCredential(key.secretHash(), credential -> credential.key().revoked(), key.id());
    }

    private Credential awaitCredential(String secretHash, Predicate<Credential> condition, String keyId) {
        Credential credential = readYourWrites.await(new FindCredential(secretHash), Credential.class, condition)
                .filter(condition)
                .orElseThrow(() -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, READ_MODEL_LAGGING,
                        "Service unavailable", "The change to API key " + keyId
                        + " is recorded but not yet effective; check GET /v1/api-keys shortly"));
        // a lookup made before the change may have cached the old answer
        credentials.evict(secretHash);
        return credential;
    }
}
