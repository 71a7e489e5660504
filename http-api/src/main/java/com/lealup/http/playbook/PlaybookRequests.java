package com.lealup.http.playbook;

import com.lealup.api.Characters;
import com.lealup.api.Names;
import com.lealup.api.Texts;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookRules;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.expression.ExpressionError;
import com.lealup.api.playbook.expression.ExpressionParser;
import com.lealup.api.task.TaskLifecycle;
import com.lealup.api.webhook.WebhookUrl;
import com.lealup.http.support.Dates;
import com.lealup.http.support.FieldRules;
import com.lealup.http.support.JsonScalar;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.lang.Nullable;

/**
 * The bodies of the playbook endpoints and their syntactic rules: a 400 names every bad field at once, with its
 * JSON path ({@code trigger.expression}, {@code actions[0].assignee}). Whether an assignee is a user of the
 * workspace, and whether a webhook target's host is internal, is the command side's to say (422).
 */
final class PlaybookRequests {

    @Schema(name = "PlaybookTriggerRequest", description = "condition takes expression, event takes event_type, "
            + "renewal takes days_before: exactly the one of its type")
    record Trigger(@Schema(requiredMode = RequiredMode.REQUIRED) String type,
                   @Schema(maxLength = ExpressionParser.MAX_LENGTH, description = "The condition (API.md section 6)")
                   String expression,
                   String eventType,
                   @Schema(minimum = "0", maximum = MAX_DAYS_TEXT) Integer daysBefore) {
    }

    @Schema(name = "PlaybookActionRequest", description = "create_task takes title (required), description, assignee "
            + "(required), due_in_days and priority; notify takes channel and target (required); set_custom_field "
            + "takes key and value (required); a member of another type is 400 unknown_field")
    record Action(@Schema(requiredMode = RequiredMode.REQUIRED) String type,
                  @Schema(maxLength = MAX_TITLE, pattern = Names.PATTERN) String title,
                  @Schema(maxLength = MAX_TEXT, pattern = Texts.PATTERN) String description,
                  @Schema(description = "owner (the customer's owner) or the id of an active user of the workspace "
                          + "(anything else is 422 unknown_assignee)")
                  String assignee,
                  @Schema(minimum = "0", maximum = MAX_DAYS_TEXT) Integer dueInDays,
                  String priority, String channel,
                  @Schema(maxLength = MAX_TARGET, pattern = Names.PATTERN,
                          description = "slack: #channel-name or a channel id; webhook: an absolute http(s) URL, its port "
                                  + "(if given) 1 to 65535, its host not a number with a leading zero (0177.0.0.1: "
                                  + "octal or decimal?); an internal address is 422 target_not_allowed "
                                  + "(docs/webhooks.md)")
                  String target,
                  @Schema(pattern = FieldRules.CUSTOM_FIELD_KEY_PATTERN, description = "The custom field's key")
                  String key,
                  @JsonScalar(maxLength = FieldRules.MAX_CUSTOM_TEXT) Object value) {
    }

    /** POST body, and PATCH body (where every field is optional and only description may be null). */
    @Schema(name = "PlaybookRequest", example = "{\"name\": \"Rescue at-risk enterprise accounts\", \"description\": \"Health below 60 in the Enterprise segment\", \"trigger\": {\"type\": \"condition\", \"expression\": \"health_score < 60 AND segment == 'Enterprise'\"}, \"actions\": [{\"type\": \"create_task\", \"title\": \"Call champion\", \"assignee\": \"owner\", \"due_in_days\": 2, \"priority\": \"high\"}, {\"type\": \"notify\", \"channel\": \"slack\", \"target\": \"#cs-alerts\"}], \"enabled\": true, \"cooldown_days\": 7}")
    record Body(@Schema(requiredMode = RequiredMode.REQUIRED, maxLength = MAX_NAME, pattern = Names.PATTERN)
                String name,
                @Nullable @Schema(maxLength = MAX_DESCRIPTION, pattern = Texts.PATTERN) String description,
                @Schema(requiredMode = RequiredMode.REQUIRED) Trigger trigger,
                // required: swagger-core reads an array's requiredMode from its items' @Schema (swagger-core#4341)
                @ArraySchema(minItems = 1, maxItems = MAX_ACTIONS, schema = @Schema(requiredMode = RequiredMode.REQUIRED))
                List<Action> actions,
                Boolean enabled,
                @Schema(minimum = "0", maximum = MAX_DAYS_TEXT, description = "Default 0") Integer cooldownDays) {
    }

    /** The only field that may be null (none, or cleared by a PATCH): the top-level one, not an action's. */
    private static final Set<String> NULLABLE = Set.of(PlaybookDefinition.DESCRIPTION);
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_ACTIONS = 20;
    static final String MAX_DAYS_TEXT = "3650";
    static final int MAX_DAYS = Integer.parseInt(MAX_DAYS_TEXT);
    private static final int MAX_TITLE = 200;
    private static final int MAX_TEXT = 5000;
    private static final int MAX_TARGET = 2000;
    private static final Pattern SLACK_CHANNEL = Pattern.compile("^(#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{8,})$");

    /** Which action fields each action type takes; any other set field is unknown for it. */
    private static final Map<String, Set<String>> ACTION_FIELDS = Map.of(
            PlaybookAction.CREATE_TASK, Set.of("title", "description", "assignee", "due_in_days", "priority"),
            PlaybookAction.NOTIFY, Set.of("channel", "target"),
            PlaybookAction.SET_CUSTOM_FIELD, Set.of("key", "value"));

    private PlaybookRequests() {
    }

    /**
     * A create; {@code nulls}, the JSON paths of the fields sent as null, at any depth: the defaults (enabled,
     * cooldown_days) are for absent ones.
     */
    static PlaybookDefinition forCreate(Body body, Set<String> nulls) {
        FieldRules rules = new FieldRules();
        rules.refuseNulls(nulls, NULLABLE);
        rules.required("name", body.name());
        rules.required("trigger", body.trigger());
        rules.required("actions", body.actions());
        PlaybookDefinition definition = definition(body, rules);
        rules.throwIfInvalid();
        return definition;
    }

    static PlaybookDefinition forChange(Body body, Set<String> nulls) {
        FieldRules rules = new FieldRules();
        rules.refuseNulls(nulls, NULLABLE);
        PlaybookDefinition changes = definition(body, rules);
        rules.throwIfInvalid();
        return changes;
    }

    private static PlaybookDefinition definition(Body body, FieldRules rules) {
        Integer cooldown = body.cooldownDays();
        if (cooldown != null && (cooldown < 0 || cooldown > MAX_DAYS)) {
            rules.error("cooldown_days", "out_of_range", "cooldown_days must be between 0 and " + MAX_DAYS);
        }
        return new PlaybookDefinition(rules.line("name", body.name(), MAX_NAME),
                rules.text("description", body.description(), MAX_DESCRIPTION),
                body.trigger() == null ? null : trigger(body.trigger(), rules),
                body.actions() == null ? null : actions(body.actions(), rules), body.enabled(), cooldown);
    }

    private static PlaybookTrigger trigger(Trigger t, FieldRules rules) {
        rules.required("trigger.type", t.type());
        rules.oneOf("trigger.type", t.type(), PlaybookRules.TRIGGER_TYPES);
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("expression", t.expression());
        given.put("event_type", t.eventType());
        given.put("days_before", t.daysBefore());
        String needed = t.type() == null ? null : switch (t.type()) {
            case PlaybookTrigger.CONDITION -> "expression";
            case PlaybookTrigger.EVENT -> "event_type";
            case PlaybookTrigger.RENEWAL -> "days_before";
            default -> null;
        };
        if (needed == null) {
            return new PlaybookTrigger(t.type(), t.expression(), t.eventType(), t.daysBefore());
        }
        given.forEach((field, value) -> {
            if (!field.equals(needed) && value != null) {
                rules.error("trigger." + field, "unknown_field",
                        "the " + t.type() + " trigger takes only " + needed + ", not " + field);
            }
        });
        rules.required("trigger." + needed, given.get(needed));
        if (t.expression() != null && needed.equals("expression")) {
            if (Characters.count(t.expression()) > ExpressionParser.MAX_LENGTH) {
                // a text over its limit, as every one is, at the position where it goes beyond (as the parser says)
                rules.error("trigger.expression", "too_long", "trigger.expression is at most "
                        + ExpressionParser.MAX_LENGTH + " characters: it goes on at "
                        + (ExpressionParser.MAX_LENGTH + 1));
            } else {
                // a new expression's dates are those the API takes; the parser reads a stored one whatever its dates
                for (ExpressionError error : ExpressionParser.check(t.expression(), Dates.FIRST, Dates.LAST)) {
                    rules.error("trigger.expression", ExpressionError.CODE, error.message());
                }
            }
        }
        if (needed.equals("event_type")) {
            rules.oneOf("trigger.event_type", t.eventType(), PlaybookRules.EVENT_TYPES);
        }
        if (needed.equals("days_before") && t.daysBefore() != null && (t.daysBefore() < 0 || t.daysBefore() > MAX_DAYS)) {
            rules.error("trigger.days_before", "out_of_range", "days_before must be between 0 and " + MAX_DAYS);
        }
        return new PlaybookTrigger(t.type(), t.expression(), t.eventType(), t.daysBefore());
    }

    private static List<PlaybookAction> actions(List<Action> actions, FieldRules rules) {
        if (actions.isEmpty() || actions.size() > MAX_ACTIONS) {
            rules.error("actions", "invalid_length", "a playbook has between 1 and " + MAX_ACTIONS + " actions");
        }
        List<PlaybookAction> result = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            Action action = actions.get(i);
            String path = "actions[" + i + "]";
            if (action == null) {
                // named once: a JSON null is already not_nullable
                rules.required(path, null);
                continue;
            }
            result.add(action(path, action, rules));
        }
        return result;
    }

    private static PlaybookAction action(String path, Action a, FieldRules rules) {
        rules.required(path + ".type", a.type());
        rules.oneOf(path + ".type", a.type(), PlaybookRules.ACTION_TYPES);
        Set<String> allowed = a.type() == null ? null : ACTION_FIELDS.get(a.type());
        if (allowed == null) {
            return new PlaybookAction(a.type(), null, null, null, null, null, null, null, null, null);
        }
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("title", a.title());
        given.put("description", a.description());
        given.put("assignee", a.assignee());
        given.put("due_in_days", a.dueInDays());
        given.put("priority", a.priority());
        given.put("channel", a.channel());
        given.put("target", a.target());
        given.put("key", a.key());
        given.put("value", a.value());
        given.forEach((field, value) -> {
            if (value != null && !allowed.contains(field)) {
                rules.error(path + "." + field, "unknown_field", "a " + a.type() + " action has no " + field);
            }
        });
        return switch (a.type()) {
            case PlaybookAction.CREATE_TASK -> createTask(path, a, rules);
            case PlaybookAction.NOTIFY -> notify(path, a, rules);
            default -> setCustomField(path, a, rules);
        };
    }

    private static PlaybookAction createTask(String path, Action a, FieldRules rules) {
        rules.required(path + ".title", a.title());
        rules.required(path + ".assignee", a.assignee());
        if (a.dueInDays() != null && (a.dueInDays() < 0 || a.dueInDays() > MAX_DAYS)) {
            rules.error(path + ".due_in_days", "out_of_range", "due_in_days must be between 0 and " + MAX_DAYS);
        }
        return new PlaybookAction(a.type(), rules.line(path + ".title", a.title(), MAX_TITLE),
                rules.text(path + ".description", a.description(), MAX_TEXT), a.assignee(), a.dueInDays(),
                rules.oneOf(path + ".priority", a.priority(), TaskLifecycle.PRIORITIES), null, null, null, null);
    }

    private static PlaybookAction notify(String path, Action a, FieldRules rules) {
        rules.required(path + ".channel", a.channel());
        rules.oneOf(path + ".channel", a.channel(), PlaybookRules.CHANNELS);
        rules.required(path + ".target", a.target());
        String target = rules.line(path + ".target", a.target(), MAX_TARGET);
        // a target refused as no line is not judged again as a channel or URL
        target = target == null || Names.holdsControls(target) ? null : target;
        if (target != null && PlaybookRules.SLACK.equals(a.channel()) && !SLACK_CHANNEL.matcher(target).matches()) {
            rules.error(path + ".target", "invalid_format", "a Slack target is '#channel-name' or a channel id");
        }
        if (target != null && PlaybookRules.WEBHOOK.equals(a.channel())) {
            WebhookUrl.problem(target).ifPresent(problem ->
                    rules.error(path + ".target", "invalid_format", "a webhook target" + problem));
        }
        return new PlaybookAction(a.type(), null, null, null, null, null, a.channel(), target, null, null);
    }

    private static PlaybookAction setCustomField(String path, Action a, FieldRules rules) {
        rules.required(path + ".key", a.key());
        rules.required(path + ".value", a.value());
        rules.customField(path + ".key", a.key(), path + ".value", a.value());
        return new PlaybookAction(a.type(), null, null, null, null, null, null, null, a.key(), a.value());
    }
}
