package com.lealup.http.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.http.playbook.PlaybookRequests.Action;
import com.lealup.http.playbook.PlaybookRequests.Body;
import com.lealup.http.playbook.PlaybookRequests.Trigger;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.ApiException.FieldError;
import com.lealup.http.support.FieldErrors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlaybookRequestsTest {

    private static final Trigger AT_RISK = new Trigger("condition", "health_score < 60 AND segment == 'Enterprise'",
            null, null);
    private static final Action CALL = task("Call champion", "owner");

    private static Action task(String title, String assignee) {
        return new Action("create_task", title, null, assignee, null, null, null, null, null, null);
    }

    private static Action notify(String channel, String target) {
        return new Action("notify", null, null, null, null, null, channel, target, null, null);
    }

    private static Body body(Trigger trigger, List<Action> actions) {
        return new Body("Enterprise At-Risk", null, trigger, actions, true, null);
    }

    /** A create without nulls. */
    private static PlaybookDefinition create(Body body) {
        return PlaybookRequests.forCreate(body, Set.of());
    }

    @Test
    void theSeedsExampleIsAccepted() {
        PlaybookDefinition definition = create(body(AT_RISK, List.of(CALL,
                notify("slack", "#cs-alerts"))));
        assertThat(definition.trigger()).isEqualTo(new PlaybookTrigger("condition",
                "health_score < 60 AND segment == 'Enterprise'", null, null));
        assertThat(definition.actions()).containsExactly(
                new PlaybookAction("create_task", "Call champion", null, "owner", null, null, null, null, null, null),
                new PlaybookAction("notify", null, null, null, null, null, "slack", "#cs-alerts", null, null));
    }

    @Test
    void aCreateNeedsANameATriggerAndActions() {
        assertThat(FieldErrors.of(() -> create(new Body(null, null, null, null, null, null))))
                .containsExactly("name required", "trigger required", "actions required");
        assertThat(FieldErrors.of(() -> create(body(AT_RISK, List.of()))))
                .containsExactly("actions invalid_length");
        assertThat(FieldErrors.of(() -> create(body(AT_RISK,
                Collections.nCopies(PlaybookRequests.MAX_ACTIONS + 1, CALL))))).containsExactly("actions invalid_length");
        List<Action> withNull = new ArrayList<>();
        withNull.add(null);
        assertThat(FieldErrors.of(() -> create(body(AT_RISK, withNull))))
                .containsExactly("actions[0] required");
    }

    @Test
    void aCreateRefusesNullButForTheDescriptionAsAChangeDoes() {
        Body defaults = new Body("Enterprise At-Risk", null, AT_RISK, List.of(CALL), null, null);
        assertThat(PlaybookRequests.forCreate(defaults, Set.of("description")).description()).isNull();
        assertThat(FieldErrors.of(() -> PlaybookRequests.forCreate(defaults, Set.of("enabled", "cooldown_days"))))
                .containsExactly("cooldown_days not_nullable", "enabled not_nullable");
        assertThat(FieldErrors.of(() -> PlaybookRequests.forCreate(new Body(null, null, AT_RISK, null, null, null),
                Set.of("name", "actions")))).as("a required field sent as null is refused once")
                .containsExactly("actions not_nullable", "name not_nullable");
    }

    @Test
    void eachTriggerTakesItsOneField() {
        assertThat(FieldErrors.of(() -> create(body(new Trigger("condition", null, "task.completed",
                7), List.of(CALL)))))
                .containsExactly("trigger.event_type unknown_field", "trigger.days_before unknown_field",
                        "trigger.expression required");
        assertThat(FieldErrors.of(() -> create(body(new Trigger("event", null, "login.failed", null),
                List.of(CALL))))).containsExactly("trigger.event_type unknown_value");
        assertThat(FieldErrors.of(() -> create(body(new Trigger("renewal", null, null, -1),
                List.of(CALL))))).containsExactly("trigger.days_before out_of_range");
        assertThat(FieldErrors.of(() -> create(body(new Trigger("cron", null, null, null),
                List.of(CALL))))).containsExactly("trigger.type unknown_value");
    }

    @Test
    void anExpressionIsCheckedByTheSameParserTheEngineRuns() {
        assertThat(FieldErrors.of(() -> create(body(new Trigger("condition", "arr >", null, null),
                List.of(CALL))))).containsExactly("trigger.expression invalid_expression");
    }

    @Test
    void anExpressionsDatesAreThoseTheApiTakes() {
        ApiException refused = catchThrowableOfType(ApiException.class, () -> create(body(new Trigger("condition",
                "renewal_date < '0000-01-01'", null, null), List.of(CALL))));
        assertThat(refused.errors()).extracting(FieldError::field, FieldError::code, FieldError::message)
                .containsExactly(tuple("trigger.expression", "invalid_expression",
                        "at 16: text '0000-01-01' is out of range: dates are from 0001-01-01 to 9999-12-31"));
        assertThat(create(body(new Trigger("condition", "renewal_date IN ('0001-01-01', '9999-12-31')", null, null),
                List.of(CALL))).trigger().expression()).isEqualTo("renewal_date IN ('0001-01-01', '9999-12-31')");
    }

    @Test
    void actionsNameTheirBadFieldsByPath() {
        Action stranger = new Action("create_task", null, null, "bob", -1, "urgent", "slack", null, null, null);
        assertThat(FieldErrors.of(() -> create(body(AT_RISK, List.of(CALL, stranger)))))
                .containsExactly("actions[1].channel unknown_field", "actions[1].title required",
                        "actions[1].due_in_days out_of_range", "actions[1].priority unknown_value");
        assertThat(FieldErrors.of(() -> create(body(AT_RISK, List.of(notify("slack", "cs-alerts"),
                notify("webhook", "ftp://hooks.example.com"), notify("email", "a@b.c"))))))
                .containsExactly("actions[0].target invalid_format", "actions[1].target invalid_format",
                        "actions[2].channel unknown_value");
        assertThat(create(body(AT_RISK, List.of(task("Call", "usr_01JD3Q0000000000000000000A"))))
                .actions().get(0).assignee()).isEqualTo("usr_01JD3Q0000000000000000000A");
        // an assignee of another shape is no user either: the aggregate's 422 unknown_assignee, as any unknown one
        assertThat(create(body(AT_RISK, List.of(task("Call", "bob")))).actions().get(0).assignee()).isEqualTo("bob");
        assertThat(FieldErrors.of(() -> create(body(AT_RISK, List.of(new Action("set_custom_field",
                null, null, null, null, null, null, null, "1st", "x".repeat(1001)))))))
                .containsExactly("actions[0].key invalid_format", "actions[0].value too_long");
    }

    @Test
    void aChangeMayClearOnlyTheDescription() {
        assertThat(PlaybookRequests.forChange(new Body(null, null, null, null, false, 3), Set.of("description")))
                .isEqualTo(new PlaybookDefinition(null, null, null, null, false, 3));
        assertThat(FieldErrors.of(() -> PlaybookRequests.forChange(new Body(null, null, null, null, null, -1),
                Set.of("name", "trigger")))).containsExactly("name not_nullable", "trigger not_nullable",
                "cooldown_days out_of_range");
    }
}
