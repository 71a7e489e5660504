package com.lealup.http.support.auth;

import com.lealup.api.identity.ChangeUserRole;
import com.lealup.api.identity.DeactivateUser;
import com.lealup.api.identity.FindUser;
import com.lealup.api.identity.InviteUser;
import com.lealup.api.identity.UserView;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ReadYourWrites;
import org.springframework.stereotype.Component;

/**
 * Invites, re-roles and deactivates users and answers only once the change holds: the read model shows it
 * and, for a role change or a deactivation, the keys bound to the user act accordingly on the very next
 * request (at once on this node, within the poll interval of {@link CredentialCache} on the others). When the read
 * model lags past the read-your-writes timeout, the change is recorded but not yet effective: the request answers
 * {@link Accepted} (202).
 */
@Component
public class UserCommands {

    private final Commands commands;
    private final ReadYourWrites readYourWrites;
    private final CredentialCache credentials;

    public UserCommands(Commands commands, ReadYourWrites readYourWrites, CredentialCache credentials) {
        this.commands = commands;
        this.readYourWrites = readYourWrites;
        this.credentials = credentials;
    }

    public UserView invite(Caller caller, InviteUser command) {
        commands.send(caller, command);
        return awaitVersion(caller, command.userId(), 1);
    }

    public UserView changeRole(Caller caller, ChangeUserRole command) {
        long version = commands.send(caller, command);
        UserView user = awaitVersion(caller, command.userId(), version);
        credentials.catchUp();
        return user;
    }

    public void deactivate(Caller caller, DeactivateUser command) {
        long version = commands.send(caller, command);
        awaitVersion(caller, command.userId(), version);
        credentials.catchUp();
    }

    private UserView awaitVersion(Caller caller, String userId, long version) {
        // the users and credentials read models are one projection: once the user shows, so do the user's keys
        return readYourWrites.awaitOrAccept(new FindUser(caller.workspaceId(), userId), UserView.class,
                u -> u.version() >= version, Accepted.of("/v1/users/" + userId, userId, version));
    }
}
