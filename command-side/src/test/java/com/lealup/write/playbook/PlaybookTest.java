package com.lealup.write.playbook;

import static com.lealup.write.RejectionMatcher.invalidFields;
import static com.lealup.write.RejectionMatcher.rejection;

import com.lealup.api.Written;
import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.playbook.CreatePlaybook;
import com.lealup.api.playbook.DeletePlaybook;
import com.lealup.api.playbook.PlaybookAction;
import com.lealup.api.playbook.PlaybookCreated;
import com.lealup.api.playbook.PlaybookDefinition;
import com.lealup.api.playbook.PlaybookDeleted;
import com.lealup.api.playbook.PlaybookRules;
import com.lealup.api.playbook.PlaybookTrigger;
import com.lealup.api.playbook.PlaybookUpdated;
import com.lealup.api.playbook.UpdatePlaybook;
import com.lealup.write.identity.OneUserWorkspace;
import com.lealup.write.identity.WorkspaceMembers;
import com.lealup.write.webhook.TargetGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.Test;

class PlaybookTest {

    private static final String WS = "wsp_1";
    private static final String ID = "pbk_1";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final PlaybookTrigger AT_RISK = new PlaybookTrigger(PlaybookTrigger.CONDITION,
            "health_score < 60 AND segment == 'Enterprise'", null, null);
    private static final PlaybookAction CALL = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call champion", null,
            PlaybookAction.OWNER, null, null, null, null, null, null);

    private static final WorkspaceMembers MEMBERS = new OneUserWorkspace(WS, "usr_ana");
    /** A stand-in DNS: one public name, one internal; other names do not resolve. */
    private static final TargetGuard TARGETS = new TargetGuard("", host -> switch (host) {
        case "hooks.example.com" -> new InetAddress[] {InetAddress.getByName("93.184.216.34")};
        case "internal.example.com" -> new InetAddress[] {InetAddress.getByName("10.1.2.3")};
        default -> throw new UnknownHostException(host);
    });

    private static AggregateTestFixture<Playbook> fixture() {
        AggregateTestFixture<Playbook> fixture = new AggregateTestFixture<>(Playbook.class);
        fixture.registerInjectableResource(MEMBERS);
        fixture.registerInjectableResource(TARGETS);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        return fixture;
    }

    private static PlaybookDefinition definition(Boolean enabled, Integer cooldown, PlaybookAction... actions) {
        return new PlaybookDefinition("Enterprise At-Risk", null, AT_RISK, List.of(actions), enabled, cooldown);
    }

    private static PlaybookCreated created(boolean enabled) {
        return new PlaybookCreated(ID, WS, definition(enabled, 0, CALL), NOW);
    }

    private static PlaybookDefinition change(Boolean enabled, PlaybookTrigger trigger, String name) {
        return new PlaybookDefinition(name, null, trigger, null, enabled, null);
    }

    @Test
    void createdDisabledWithoutCooldownByDefault() {
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(null, null, CALL)))
                .expectEvents(created(false));
    }

    @Test
    void anAssigneeMustBeOwnerOrAUserOfTheWorkspace() {
        PlaybookAction toAna = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "usr_ana", 3, "high",
                null, null, null, null);
        PlaybookAction toStranger = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "usr_bob", null, null,
                null, null, null, null);
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(true, 0, toAna)))
                .expectSuccessfulHandlerExecution();
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(true, 0, CALL, toStranger)))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_assignee", "actions[1].assignee"))
                .expectExceptionMessage("assignee 'usr_bob' is neither 'owner' nor a user of this workspace")
                .expectNoEvents();
        fixture().given(created(false))
                .when(new UpdatePlaybook(ID, WS, null, new PlaybookDefinition(null, null, null, List.of(toStranger),
                        null, null), Set.of()))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_assignee", "actions[0].assignee"));
    }

    @Test
    void anAssigneeDeactivatedSinceIsNoChangeSoThePlaybookCanStillBeDisabledOrSentBack() {
        PlaybookAction toGone = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "usr_gone", null, null,
                null, null, null, null);
        PlaybookAction toStranger = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "usr_bob", null, null,
                null, null, null, null);
        PlaybookCreated withGone = new PlaybookCreated(ID, WS, definition(true, 0, toGone), NOW);
        PlaybookDefinition disabled = definition(false, 0, toGone);
        fixture().given(withGone)
                .when(new UpdatePlaybook(ID, WS, null, change(false, null, null), Set.of()))
                .expectEvents(new PlaybookUpdated(ID, WS, disabled, false, NOW));
        PlaybookAction retitled = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call back", null, "usr_gone", null,
                null, null, null, null, null);
        fixture().given(withGone)
                .when(new UpdatePlaybook(ID, WS, null, new PlaybookDefinition(null, null, null, List.of(retitled, CALL),
                        null, null), Set.of()))
                .expectSuccessfulHandlerExecution();
        fixture().given(withGone)
                .when(new UpdatePlaybook(ID, WS, null, new PlaybookDefinition(null, null, null, List.of(toGone, toStranger),
                        null, null), Set.of()))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_assignee", "actions[1].assignee"));
    }

    @Test
    void aWebhookTargetThatResolvesToAnInternalAddressIsRefused() {
        PlaybookAction internal = notify("http://internal.example.com/hook");
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(true, 0, CALL, internal)))
                .expectException(rejection(Kind.UNPROCESSABLE, "target_not_allowed", "actions[1].target"))
                .expectNoEvents();
        fixture().given(created(false))
                .when(new UpdatePlaybook(ID, WS, null, new PlaybookDefinition(null, null, null, List.of(internal),
                        null, null), Set.of()))
                .expectException(rejection(Kind.UNPROCESSABLE, "target_not_allowed", "actions[0].target"));
        // a public host passes; one that does not resolve yet is the delivery's to judge
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(true, 0, notify("https://hooks.example.com/x"),
                        notify("https://not-yet.example.com/x"))))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aWebhookTargetWithAPortNoConnectionCanGoToCredentialsAFragmentAnAmbiguousHostOrABidiControlIsRefused() {
        for (String url : List.of("https://hooks.example.com:0/x", "https://hooks.example.com:65536/x",
                "https://user:secret@hooks.example.com/x", "https://hooks.example.com/x#frag", "http://0177.0.0.1/x",
                "https://hooks.example.com/invoice\u202Efdp.exe")) {
            fixture().givenNoPriorActivity()
                    .when(new CreatePlaybook(ID, WS, definition(true, 0, CALL, notify(url))))
                    .expectException(rejection(Kind.INVALID, "invalid_format", "actions[1].target"))
                    .expectNoEvents();
        }
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(true, 0, notify("https://hooks.example.com:65535/x"))))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aBadPortIsInvalidBeforeAnyTargetIsResolvedOrAssigneeLookedUp() {
        PlaybookAction internal = notify("http://internal.example.com/hook");
        PlaybookAction noPort = notify("https://hooks.example.com:65536/x");
        PlaybookAction toStranger = new PlaybookAction(PlaybookAction.CREATE_TASK, "Call", null, "usr_bob", null, null,
                null, null, null, null);
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, definition(true, 0, toStranger, internal, noPort)))
                .expectException(rejection(Kind.INVALID, "invalid_format", "actions[2].target"));
        fixture().given(created(false))
                .when(new UpdatePlaybook(ID, WS, null, new PlaybookDefinition(null, null, null,
                        List.of(toStranger, internal, noPort), null, null), Set.of()))
                .expectException(rejection(Kind.INVALID, "invalid_format", "actions[2].target"));
    }

    private static PlaybookAction notify(String url) {
        return new PlaybookAction(PlaybookAction.NOTIFY, null, null, null, null, null, PlaybookRules.WEBHOOK, url, null,
                null);
    }

    @Test
    void anInvalidExpressionIsRefusedEvenPastTheApi() {
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, new PlaybookDefinition("x", null,
                        new PlaybookTrigger(PlaybookTrigger.CONDITION, "arr >", null, null), List.of(CALL), true, 0)))
                .expectException(rejection(Kind.INVALID, "invalid_expression", "trigger.expression"))
                .expectNoEvents();
    }

    @Test
    void everyBadFieldIsNamedAtOnce() {
        fixture().givenNoPriorActivity()
                .when(new CreatePlaybook(ID, WS, new PlaybookDefinition("x", null,
                        new PlaybookTrigger(PlaybookTrigger.CONDITION, "arr >", null, null),
                        List.of(notify("https://hooks.example.com:0/x"), CALL, notify("https://hooks.example.com/x#f")),
                        true, 0)))
                .expectException(invalidFields("trigger.expression invalid_expression",
                        "actions[0].target invalid_format", "actions[2].target invalid_format"))
                .expectNoEvents();
    }

    @Test
    void enablingOrChangingTheTriggerOfAnEnabledPlaybookRearmsIt() {
        fixture().given(created(false))
                .when(new UpdatePlaybook(ID, WS, null, change(true, null, null), Set.of()))
                .expectEvents(new PlaybookUpdated(ID, WS, definition(true, 0, CALL), true, NOW));
        PlaybookTrigger other = new PlaybookTrigger(PlaybookTrigger.RENEWAL, null, null, 30);
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, WS, null, change(null, other, null), Set.of()))
                .expectEvents(new PlaybookUpdated(ID, WS, new PlaybookDefinition("Enterprise At-Risk", null, other,
                        List.of(CALL), true, 0), true, NOW));
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, WS, null, change(null, null, "Renamed"), Set.of()))
                .expectEvents(new PlaybookUpdated(ID, WS, new PlaybookDefinition("Renamed", null, AT_RISK, List.of(CALL),
                        true, 0), false, NOW))
                .expectResultMessagePayload(new Written(2, true));
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, WS, null, change(false, AT_RISK, null), Set.of()))
                .expectEvents(new PlaybookUpdated(ID, WS, definition(false, 0, CALL), false, NOW));
        // the same condition written otherwise is kept as written, and is no new trigger: no customer fires again
        PlaybookTrigger rewritten = new PlaybookTrigger(PlaybookTrigger.CONDITION,
                "(health_score  <  60) and segment == 'Enterprise'", null, null);
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, WS, null, change(null, rewritten, null), Set.of()))
                .expectEvents(new PlaybookUpdated(ID, WS, new PlaybookDefinition("Enterprise At-Risk", null, rewritten,
                        List.of(CALL), true, 0), false, NOW));
    }

    @Test
    void anUpdateThatChangesNothingCausesNoEventAndIfMatchIsChecked() {
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, WS, 1L, change(true, AT_RISK, "Enterprise At-Risk"), Set.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(1, false));
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, WS, 2L, change(false, null, null), Set.of()))
                .expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch"))
                .expectNoEvents();
    }

    @Test
    void anotherWorkspaceSeesNoPlaybookAndADeletedOneIsGone() {
        fixture().given(created(true))
                .when(new UpdatePlaybook(ID, "wsp_2", null, change(false, null, null), Set.of()))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectExceptionMessage("Playbook 'pbk_1' was not found");
        fixture().given(created(true))
                .when(new DeletePlaybook(ID, WS))
                .expectEvents(new PlaybookDeleted(ID, WS, NOW))
                .expectResultMessagePayload(2L);
        fixture().given(created(true), new PlaybookDeleted(ID, WS, NOW))
                .when(new DeletePlaybook(ID, WS))
                .expectException(AggregateNotFoundException.class);
    }
}
