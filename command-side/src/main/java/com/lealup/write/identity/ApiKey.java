package com.lealup.write.identity;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.identity.ApiKeyIssued;
import com.lealup.api.identity.ApiKeyRevoked;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.RevokeApiKey;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.Scopes;
import com.lealup.write.Validation;
import java.util.List;
import java.util.regex.Pattern;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An API key of a workspace: issued with a role and scopes, valid until revoked (for good). A key bound to a
 * user (who must be active when it is issued) acts with that user's current role and dies with the user; the
 * credentials read model joins the two, so neither a role change nor a deactivation touches the key.
 */
@Aggregate
class ApiKey {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    @AggregateIdentifier
    private String keyId;
    private String workspaceId;
    private boolean revoked;

    ApiKey() {
        // for Axon
    }

    /** Issuing an existing key again changes nothing (see {@link IssueApiKey}). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(IssueApiKey command, IdentityDirectory directory) {
        if (keyId != null) {
            return false;
        }
        Validation fields = new Validation();
        fields.name(command.name());
        fields.oneOf("role", command.role(), Roles.ALL);
        scopes(fields, command.scopes());
        fields.throwIfInvalid();
        // an id of no user, whatever its shape, is 422 as every reference in a body is (owner_id, assignee_id)
        if (command.userId() != null) {
            directory.requireActiveUser(command.workspaceId(), command.userId(), "user_id");
        }
        if (command.secretHash() == null || !SHA256_HEX.matcher(command.secretHash()).matches()) {
            // the server computes the hash: a bad one is a bug, never a client's mistake
            throw new IllegalArgumentException("secretHash must be a lowercase hex SHA-256");
        }
        apply(new ApiKeyIssued(command.keyId(), command.workspaceId(), command.name(), command.role(),
                command.scopes().stream().distinct().toList(),
                command.userId(), command.secretHash()));
        return true;
    }

    @CommandHandler
    void handle(RevokeApiKey command) {
        // another workspace's key is indistinguishable from a missing one; a revoked key is gone for good
        if (!workspaceId.equals(command.workspaceId()) || revoked) {
            throw DomainRejection.notFound(command.keyId());
        }
        apply(new ApiKeyRevoked(keyId, workspaceId));
    }

    /** At least one scope, each known: every unknown one is an error of its own. */
    private static void scopes(Validation fields, List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            fields.error(scopes == null ? "required" : "invalid_length", "scopes", "scopes must name at least one scope");
            return;
        }
        for (int i = 0; i < scopes.size(); i++) {
            if (!Scopes.isKnown(scopes.get(i))) {
                // the pointer names the item, so the message need not quote what the client sent
                fields.error("unknown_value", "scopes[" + i + "]", "unknown scope; scopes are "
                        + String.join(", ", Scopes.ALL));
            }
        }
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        keyId = event.keyId();
        workspaceId = event.workspaceId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
