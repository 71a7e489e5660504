package com.lealup.write.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.Characters;
import com.lealup.api.DomainRejection;
import com.lealup.api.Emails;
import com.lealup.api.StorableText;
import com.lealup.api.identity.ChangeUserRole;
import com.lealup.api.identity.DeactivateUser;
import com.lealup.api.identity.InviteUser;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.UserDeactivated;
import com.lealup.api.identity.UserInvited;
import com.lealup.api.identity.UpdateUser;
import com.lealup.api.identity.UserRoleChanged;
import com.lealup.api.identity.UserUpdated;
import com.lealup.api.identity.Users;
import com.lealup.write.AggregateVersions;
import com.lealup.write.Validation;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A person of a workspace, with a role. Invited users count as users at once (they may own customers and be
 * admins); deactivation is final. Rules across users (unique email, the last admin, known territories) go
 * through {@link IdentityDirectory} in the command's transaction. Role changes, updates (locale, timezone,
 * territories: checked as on the invitation) and deactivation answer the user's new version, which the API waits for
 * in the read model.
 */
@Aggregate
class User {

    /** What {@link #timezone} accepts. */
    private static final Set<String> TIME_ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(zone -> !zone.startsWith("SystemV/")).collect(Collectors.toUnmodifiableSet());

    @AggregateIdentifier
    private String userId;
    private String workspaceId;
    private String role;
    private String locale;
    private String timezone;
    private List<String> territoryIds;
    private boolean deactivated;

    User() {
        // for Axon
    }

    @CommandHandler
    User(InviteUser command, IdentityDirectory directory, Clock clock) {
        Validation fields = new Validation();
        String email = email(fields, command.email());
        fields.oneOf("role", command.role(), Roles.ALL);
        locale(fields, command.locale());
        timezone(fields, command.timezone());
        fields.throwIfInvalid();
        String ws = command.workspaceId();
        List<String> territoryIds = territories(directory, ws, command.territoryIds(), "initial_territory_ids");
        directory.claimEmail(ws, email, command.userId());
        if (Roles.ADMIN.equals(command.role())) {
            directory.adminAdded(ws);
        }
        apply(new UserInvited(command.userId(), ws, email, command.role(), command.locale(), command.timezone(),
                territoryIds, clock.instant()));
    }

    @CommandHandler
    long handle(ChangeUserRole command, IdentityDirectory directory, Clock clock) {
        requireActive(command.workspaceId());
        long current = AggregateVersions.require(command.expectedVersion());
        Validation fields = new Validation();
        fields.oneOf("role", command.role(), Roles.ALL);
        fields.throwIfInvalid();
        if (command.role().equals(role)) {
            return current;
        }
        if (Roles.ADMIN.equals(role)) {
            directory.adminRemoved(workspaceId);
        } else if (Roles.ADMIN.equals(command.role())) {
            directory.adminAdded(workspaceId);
        }
        apply(new UserRoleChanged(userId, workspaceId, command.role(), clock.instant()));
        return AggregateVersions.current();
    }

    /** Only the members sent change (null keeps); nothing applied, and the version kept, when nothing does. */
    @CommandHandler
    long handle(UpdateUser command, IdentityDirectory directory, Clock clock) {
        requireActive(command.workspaceId());
        long current = AggregateVersions.require(command.expectedVersion());
        String nextLocale = command.locale() == null ? locale : command.locale();
        String nextTimezone = command.timezone() == null ? timezone : command.timezone();
        // what is not sent stays as it is, checked when it was set
        Validation fields = new Validation();
        if (command.locale() != null) {
            locale(fields, command.locale());
        }
        if (command.timezone() != null) {
            timezone(fields, command.timezone());
        }
        fields.throwIfInvalid();
        List<String> nextTerritories = command.territoryIds() == null ? territoryIds
                : territories(directory, workspaceId, command.territoryIds(), "territory_ids");
        if (nextLocale.equals(locale) && nextTimezone.equals(timezone)
                && Objects.equals(nextTerritories, territoryIds)) {
            return current;
        }
        apply(new UserUpdated(userId, workspaceId, nextLocale, nextTimezone, nextTerritories, clock.instant()));
        return AggregateVersions.current();
    }

    @CommandHandler
    long handle(DeactivateUser command, IdentityDirectory directory, Clock clock) {
        requireActive(command.workspaceId());
        if (Roles.ADMIN.equals(role)) {
            directory.adminRemoved(workspaceId);
        }
        directory.releaseUser(workspaceId, userId);
        apply(new UserDeactivated(userId, workspaceId, clock.instant()));
        return AggregateVersions.current();
    }

    /** Another workspace's user does not exist; a deactivated one exists but can no longer change. */
    private void requireActive(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw DomainRejection.notFound(userId);
        }
        if (deactivated) {
            throw DomainRejection.conflict("user_deactivated", "User '" + userId + "' is deactivated", Map.of());
        }
    }

    /** One of {@link Users#LOCALES}, on the invitation as on an update; the error, if any, goes to {@code fields}. */
    private static void locale(Validation fields, String locale) {
        fields.oneOf("locale", locale, Users.LOCALES);
    }

    /**
     * The territories as stored (each once, in the order given; none for null), all of them the workspace's (else
     * 422 {@code unknown_territory} on {@code field}): on the invitation as on an update.
     */
    private static List<String> territories(IdentityDirectory directory, String workspaceId, List<String> ids,
                                            String field) {
        List<String> territoryIds = ids == null ? List.of() : ids.stream().distinct().toList();
        directory.requireTerritories(workspaceId, territoryIds, field);
        return territoryIds;
    }

    /** The email as stored (normalised); its error, if any, goes to {@code fields}. */
    private static String email(Validation fields, String email) {
        if (email == null || email.isBlank()) {
            fields.error("required", "email", "email is required");
            return null;
        }
        String normalised = Emails.normalised(email);
        if (Characters.count(normalised) > Emails.MAX_LENGTH) {
            fields.error("too_long", "email", "email must be at most " + Emails.MAX_LENGTH + " characters");
        } else if (!Emails.looksValid(normalised)) {
            fields.error("invalid_format", "email", "email must be an email address");
        }
        return normalised;
    }

    /**
     * On the invitation as on an update: a zone of the IANA tz database with rules in the JDK ({@code Europe/Madrid}, and its other names such as
     * {@code UTC} or {@code US/Eastern}), spelt as there. Not an offset ({@code +02:00}: {@code ZoneId.of} takes it,
     * but it is no zone), nor an abbreviation ({@code EST}, {@code MST}, {@code HST}: kept by the tz database for
     * compatibility only, without rules in the JDK, and EST is not the Eastern time with summer time a client means),
     * nor the JDK's {@code SystemV/} zones, which the tz database dropped in 2020.
     */
    private static void timezone(Validation fields, String timezone) {
        if (timezone == null || timezone.isBlank()) {
            fields.error("required", "timezone", "timezone is required");
        } else if (!TIME_ZONES.contains(timezone)) {
            fields.error("invalid_format", "timezone", "timezone must be an IANA time zone such as "
                    + "'Europe/Madrid' or 'America/New_York' (not an offset, an abbreviation such as EST, nor a "
                    + "SystemV zone), not '" + StorableText.abbreviated(timezone) + "'");
        }
    }

    @EventSourcingHandler
    void on(UserInvited event) {
        userId = event.userId();
        workspaceId = event.workspaceId();
        role = event.role();
        locale = event.locale();
        timezone = event.timezone();
        territoryIds = event.territoryIds() == null ? List.of() : List.copyOf(event.territoryIds());
    }

    @EventSourcingHandler
    void on(UserUpdated event) {
        locale = event.locale();
        timezone = event.timezone();
        territoryIds = event.territoryIds() == null ? List.of() : List.copyOf(event.territoryIds());
    }

    @EventSourcingHandler
    void on(UserRoleChanged event) {
        role = event.role();
    }

    @EventSourcingHandler
    void on(UserDeactivated event) {
        deactivated = true;
    }
}
