package com.lealup.api.identity;

import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A partial change of a user's {@code locale}, {@code timezone} and territories (checked as on the invitation): a
 * null member keeps what the user holds; {@code territoryIds} replaces the list whole (empty clears it). Answers the
 * user's version, unchanged when the command repeats what the user holds. {@code expectedVersion} is the If-Match,
 * null for none. Neither the role ({@link ChangeUserRole}) nor the email changes here.
 */
public record UpdateUser(@TargetAggregateIdentifier String userId, String workspaceId, Long expectedVersion,
                         String locale, String timezone, List<String> territoryIds) {
}
