package com.lealup.read.identity;

import com.lealup.api.identity.FindUser;
import com.lealup.api.identity.UserDeactivated;
import com.lealup.api.identity.UserInvited;
import com.lealup.api.identity.UserRoleChanged;
import com.lealup.api.identity.UserUpdated;
import com.lealup.api.identity.Users;
import com.lealup.api.projections.ReadModelTables;
import java.sql.Timestamp;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The users of the credentials read model ({@code user_view}): listed by {@code /v1/users} and joined to the
 * keys bound to them, so a bound key acts with its user's current role. In the credentials processing group,
 * hence in the same transaction and order (by workspace) as the keys. Each row carries the user's version
 * (aggregate sequence + 1): an event at or below it was already applied (redelivery) and changes nothing.
 * After a change the user goes to {@link FindUser} subscribers and the credentials of the user's keys to
 * {@link CredentialChangeLog}.
 */
@Component
@ProcessingGroup(CredentialsProjection.PROCESSING_GROUP)
@ReadModelTables({"user_view"})
class UserProjection {

    private final JdbcTemplate jdbc;
    private final CredentialRows rows;
    private final CredentialChangeLog changes;
    private final QueryUpdateEmitter emitter;

    UserProjection(JdbcTemplate jdbc, CredentialRows rows, CredentialChangeLog changes, QueryUpdateEmitter emitter) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.changes = changes;
        this.emitter = emitter;
    }

    @EventHandler
    void on(UserInvited event, @SequenceNumber long sequence) {
        Timestamp at = Timestamp.from(event.invitedAt());
        jdbc.update("INSERT INTO user_view (user_id, workspace_id, email, role, locale, timezone, territory_ids, status,"
                        + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (user_id) DO NOTHING",
                event.userId(), event.workspaceId(), event.email(), event.role(), event.locale(), event.timezone(),
                String.join(" ", event.territoryIds()), Users.INVITED, at, at, sequence + 1);
        published(event.workspaceId(), event.userId());
    }

    @EventHandler
    void on(UserRoleChanged event, @SequenceNumber long sequence) {
        update(event.workspaceId(), event.userId(), "role = ?", event.role(), event.changedAt(), sequence);
    }

    @EventHandler
    void on(UserUpdated event, @SequenceNumber long sequence) {
        int updated = jdbc.update("UPDATE user_view SET locale = ?, timezone = ?, territory_ids = ?, updated_at = ?,"
                        + " version = ? WHERE user_id = ? AND version < ?",
                event.locale(), event.timezone(), String.join(" ", event.territoryIds()),
                Timestamp.from(event.updatedAt()), sequence + 1, event.userId(), sequence + 1);
        if (updated > 0) {
            published(event.workspaceId(), event.userId());
        }
    }

    @EventHandler
    void on(UserDeactivated event, @SequenceNumber long sequence) {
        update(event.workspaceId(), event.userId(), "status = ?", Users.DEACTIVATED, event.deactivatedAt(), sequence);
    }

    @ResetHandler
    void reset() {
        jdbc.update("TRUNCATE user_view");
    }

    private void update(String workspaceId, String userId, String assignment, String value, Instant at, long sequence) {
        int updated = jdbc.update("UPDATE user_view SET " + assignment + ", updated_at = ?, version = ?"
                + " WHERE user_id = ? AND version < ?", value, Timestamp.from(at), sequence + 1, userId, sequence + 1);
        if (updated > 0) {
            published(workspaceId, userId);
        }
    }

    private void published(String workspaceId, String userId) {
        rows.user(workspaceId, userId).ifPresent(user ->
                emitter.emit(FindUser.class, query -> query.userId().equals(userId), user));
        changes.changed(rows.credentialsOfUser(userId));
    }
}
