package com.lealup.api.integration;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The stored tokens of revision {@code revision} no longer work: revoked, or expired and not refreshable
 * ({@code reason}, e.g. {@code token_refresh_failed}, {@code token_revoked}). They are deleted and the
 * integration goes to {@code error}, unless they were replaced meanwhile (a reconnect, another refresh): then
 * nothing happens. Answers the aggregate's version.
 */
public record ReportUnusableTokens(@TargetAggregateIdentifier String integrationId, String workspaceId, String name,
                                   String revision, String reason, String detail) {
}
