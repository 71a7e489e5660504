package com.lealup.write.playbook;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import com.lealup.api.DomainRejection;
import com.lealup.api.StorableText;
import com.lealup.api.Written;
import com.lealup.api.playbook.CreatePlaybook;
import com.lealup.api.playbook.DeletePlaybook;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookRules;
import com.lealup.api.playbook.PlaybookUpdated;
import com.lealup.api.playbook.UpdatePlaybook;
import com.lealup.api.playbook.expression.ExpressionParser;
import com.lealup.api.webhook.WebhookUrl;
import com.lealup.write.AggregateVersions;
import com.lealup.write.Validation;
import com.lealup.write.identity.WorkspaceMembers;
import com.lealup.write.webhook.WebhookTargetsPort;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A workspace's playbook: what triggers it and what it does. The API checks the shape of a definition; the
 * aggregate checks what needs the workspace (assignees are users) or the network (webhook targets are not internal)
 * and decides when the engine must start watching afresh ({@link PlaybookUpdated#rearmed()}). Handlers answer the
 * new version (read-your-writes).
 */
@Aggregate
class Playbook {

    @AggregateIdentifier
    private String playbookId;
    private String workspaceId;
    private PlaybookDefinition definition;

    Playbook() {
        // for Axon
    }

    @CommandHandler
    Playbook(CreatePlaybook command, WorkspaceMembers members, WebhookTargetsPort targets, Clock clock) {
        PlaybookDefinition given = command.definition();
        PlaybookDefinition initial = new PlaybookDefinition(given.name(), given.description(), given.trigger(),
                given.actions(), Objects.requireNonNullElse(given.enabled(), false),
                Objects.requireNonNullElse(given.cooldownDays(), PlaybookRules.DEFAULT_COOLDOWN_DAYS));
        Validation fields = new Validation();
        expression(initial, fields);
        usableTargets(initial.actions(), fields);
        fields.throwIfInvalid();
        requireAssignees(initial, Set.of(), members, command.workspaceId());
        requireAllowedTargets(initial.actions(), targets);
        apply(new PlaybookCreated(command.playbookId(), command.workspaceId(), initial, clock.instant()));
    }

    @CommandHandler
    Written handle(UpdatePlaybook command, WorkspaceMembers members, WebhookTargetsPort targets, Clock clock) {
        requireWorkspace(command.workspaceId());
        AggregateVersions.require(command.expectedVersion());
        PlaybookDefinition changed = definition.with(command.changes(),
                command.cleared().contains(PlaybookDefinition.DESCRIPTION));
        if (changed.equals(definition)) {
            return AggregateVersions.written(false);
        }
        boolean actionsChanged = !changed.actions().equals(definition.actions());
        Validation fields = new Validation();
        expression(changed, fields);
        if (actionsChanged) {
            usableTargets(changed.actions(), fields);
        }
        fields.throwIfInvalid();
        requireAssignees(changed, assignees(definition.actions()), members, workspaceId);
        if (actionsChanged) {
            requireAllowedTargets(changed.actions(), targets);
        }
        boolean startsWatching = changed.enabled()
                && (!definition.enabled() || !changed.trigger().watchesAs(definition.trigger()));
        apply(new PlaybookUpdated(playbookId, workspaceId, changed, startsWatching, clock.instant()));
        return AggregateVersions.written(true);
    }

    @CommandHandler
    long handle(DeletePlaybook command, Clock clock) {
        requireWorkspace(command.workspaceId());
        apply(new PlaybookDeleted(playbookId, workspaceId, clock.instant()));
        return AggregateVersions.current();
    }

    @EventSourcingHandler
    void on(PlaybookCreated event) {
        playbookId = event.playbookId();
        workspaceId = event.workspaceId();
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(PlaybookUpdated event) {
        definition = event.definition();
    }

    @EventSourcingHandler
    void on(PlaybookDeleted event) {
        markDeleted();
    }

    private void requireWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw DomainRejection.notFound(playbookId);
        }
    }

    /**
     * What the API's shape checks cannot know: the assignees are users of the workspace, now. An assignee the playbook
     * names already is no change and is not checked again, as a task's is not: a playbook whose assignee was
     * deactivated since can still be disabled, renamed or sent back as it was read (its runs' tasks fail meanwhile).
     */
    private static void requireAssignees(PlaybookDefinition definition, Set<String> assigneesAlready,
                                         WorkspaceMembers members, String workspaceId) {
        List<PlaybookAction> actions = definition.actions();
        for (int i = 0; i < actions.size(); i++) {
            PlaybookAction action = actions.get(i);
            String assignee = action.assignee();
            if (PlaybookAction.CREATE_TASK.equals(action.type()) && assignee != null
                    && !assigneesAlready.contains(assignee) && !PlaybookAction.OWNER.equals(assignee)
                    && !members.isActiveUser(workspaceId, assignee)) {
                throw DomainRejection.unprocessable("unknown_assignee", "actions[" + i + "].assignee",
                        "assignee '" + StorableText.abbreviated(assignee)
                                + "' is neither 'owner' nor a user of this workspace");
            }
        }
    }

    /** A condition trigger's expression parses (400). */
    private static void expression(PlaybookDefinition definition, Validation fields) {
        String condition = definition.trigger().watchedCondition();
        if (condition != null) {
            ExpressionParser.check(condition).stream().findFirst().ifPresent(error ->
                    fields.error("invalid_expression", "trigger.expression", error.message()));
        }
    }

    private static Set<String> assignees(List<PlaybookAction> actions) {
        return actions.stream().filter(action -> PlaybookAction.CREATE_TASK.equals(action.type()))
                .map(PlaybookAction::assignee).filter(Objects::nonNull).collect(Collectors.toSet());
    }

    /**
     * A notify webhook's target is a webhook URL as a subscription's is ({@link WebhookUrl}, 400), checked before any
     * check that is a 422 or asks the DNS.
     */
    private static void usableTargets(List<PlaybookAction> actions, Validation fields) {
        for (int i = 0; i < actions.size(); i++) {
            if (!isWebhook(actions.get(i))) {
                continue;
            }
            String field = "actions[" + i + "].target";
            WebhookUrl.problem(actions.get(i).target())
                    .ifPresent(problem -> fields.error("invalid_format", field, "a webhook target" + problem));
        }
    }

    /**
     * A notify webhook whose host resolves to an internal address is refused as a subscription's URL is (API.md
     * section 8), unless the operator allows it. Each delivery checks again; a host that does not resolve (yet) is
     * left to the delivery, as the name may be registered later.
     */
    private static void requireAllowedTargets(List<PlaybookAction> actions, WebhookTargetsPort targets) {
        for (int i = 0; i < actions.size(); i++) {
            if (!isWebhook(actions.get(i))) {
                continue;
            }
            WebhookTargetsPort.Verdict verdict;
            try {
                verdict = targets.check(URI.create(actions.get(i).target()).getHost());
            } catch (UnknownHostException e) {
                continue;
            }
            if (verdict.refusal() != null) {
                throw DomainRejection.unprocessable("target_not_allowed", "actions[" + i + "].target",
                        verdict.refusal());
            }
        }
    }

    private static boolean isWebhook(PlaybookAction action) {
        return PlaybookAction.NOTIFY.equals(action.type()) && PlaybookRules.WEBHOOK.equals(action.channel());
    }
}
