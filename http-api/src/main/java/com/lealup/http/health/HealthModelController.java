package com.lealup.http.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.Operation;
import com.lealup.api.health.ChangeHealthModel;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.FindHealthModel;
import com.lealup.api.health.FindHealthModelVersion;
import com.lealup.api.health.HealthModelView;
import com.lealup.api.health.HealthModels;
import com.lealup.api.identity.Roles;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ETags;
import com.lealup.http.support.FieldRules;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.ReadYourWrites;
import com.lealup.http.support.RequestJson;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/health/model}: the workspace's health model (API.md section 4). */
@Tag(name = "Health")
@RestController
@RequestMapping(path = "/v1/health/model", produces = MediaType.APPLICATION_JSON_VALUE)
class HealthModelController {

    static final String READ = "health:read";
    static final String WRITE = "health:write";
    private static final String MAX_TEXT = "100";
    private static final int MAX = Integer.parseInt(MAX_TEXT);

    private final Commands commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final RequestJson requestJson;

    HealthModelController(Commands commands, QueryGateway queries, ReadYourWrites readYourWrites,
                          RequestJson requestJson) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.requestJson = requestJson;
    }

    /**
     * A PATCH: only the dimensions named change, only the given fields of each. The model a GET answers is a PATCH
     * too: its {@code version} is the one the change is based on.
     */
    @Schema(example = "{\"dimensions\": [{\"key\": \"nps\", \"enabled\": true, \"weight\": 20}, {\"key\": \"product_usage\", \"weight\": 30}], \"thresholds\": {\"healthy\": 70, \"at_risk\": 40}}")
    record ModelPatch(@Schema(minimum = "1", description = "The version the change is based on, as GET answers it "
                              + "(a client may send the model it read back, changed): any other is 412 "
                              + "version_mismatch, as an If-Match naming it") Integer version,
                      List<DimensionPatch> dimensions, ThresholdsPatch thresholds) {
    }

    record DimensionPatch(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String key, Boolean enabled,
                          @Schema(minimum = "0", maximum = MAX_TEXT,
                                  description = "Positive when enabled; the enabled weights add up to 100") Integer weight) {
    }

    record ThresholdsPatch(@Schema(minimum = "1", maximum = MAX_TEXT) Integer healthy,
                           @Schema(minimum = "1", maximum = MAX_TEXT, description = "Below healthy") Integer atRisk) {
    }

    record Thresholds(int healthy, int atRisk) {
    }

    /** The default model as ModelPatch's example leaves it: the enabled dimensions' weights add up to 100. */
    @Schema(example = """
            {"version": 2, "dimensions": [{"key": "product_usage", "enabled": true, "weight": 30},
            {"key": "engagement", "enabled": true, "weight": 20}, {"key": "support", "enabled": true, "weight": 15},
            {"key": "nps", "enabled": true, "weight": 20}, {"key": "financial", "enabled": true, "weight": 15}],
            "thresholds": {"healthy": 70, "at_risk": 40}}""")
    record ModelJson(int version, List<DimensionSetting> dimensions, Thresholds thresholds) {

        static ModelJson of(HealthModelView m) {
            return new ModelJson(m.version(), m.dimensions(),
                    new Thresholds(m.thresholds().healthy(), m.thresholds().atRisk()));
        }
    }

    @Operation(operationId = "getHealthModel", summary = "The workspace's health model", description = "ETag is its version.")
    @AnswersETag
    @GetMapping
    ResponseEntity<ModelJson> get(Caller caller) {
        caller.require(READ);
        return answer(model(caller));
    }

    @Operation(operationId = "updateHealthModel", summary = "Change the health model (admin, health:write)", description = "Enabled weights are positive "
            + "and add up to 100; 0 < at_risk < healthy <= 100. A member that does not change is left out: null is "
            + "400 not_nullable at any depth. Bumps the version and rescores every customer in the background.")
    @AcceptedWhenLagging
    @AnswersETag
    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ModelJson> change(Caller caller,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                             content = @Content(schema = @Schema(implementation = ModelPatch.class)))
                                     @RequestBody ObjectNode objectBody,
                                     @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.require(WRITE).requireRole(Roles.ADMIN);
        Long ifMatchVersion = ETags.expectedVersion(ifMatch, () -> model(caller).version());
        // nothing in the model may be null: a null member would otherwise read as "no change"
        PartialBody<ModelPatch> patch = requestJson.partialAtEveryDepth(objectBody, ModelPatch.class);
        ModelPatch body = patch.value();
        Long expected = expectedVersion(ifMatchVersion, body.version());
        FieldRules rules = new FieldRules();
        rules.refuseNulls(patch.nulls(), Set.of());
        List<ChangeHealthModel.DimensionChange> changes = dimensionChanges(body.dimensions(), rules);
        ThresholdsPatch thresholds = body.thresholds() == null ? new ThresholdsPatch(null, null) : body.thresholds();
        requireInRange(rules, "thresholds.healthy", thresholds.healthy(), 1);
        requireInRange(rules, "thresholds.at_risk", thresholds.atRisk(), 1);
        rules.throwIfInvalid();
        int version = commands.send(caller, new ChangeHealthModel(HealthModels.modelId(caller.workspaceId()),
                caller.workspaceId(), expected == null ? null : Math.toIntExact(expected), changes,
                thresholds.healthy(), thresholds.atRisk()));
        readYourWrites.awaitOrAccept(new FindHealthModelVersion(caller.workspaceId()), Integer.class,
                shown -> shown >= version, Accepted.of("/v1/health/model", HealthModels.modelId(caller.workspaceId()), version));
        return answer(model(caller));
    }

    /** The version both the If-Match header and the body's {@code version} expect, when either names one. */
    private static Long expectedVersion(Long ifMatch, Integer body) {
        if (body == null) {
            return ifMatch;
        }
        if (ifMatch != null && ifMatch.longValue() != body) {
            throw new ApiException(HttpStatus.PRECONDITION_FAILED, "version_mismatch", "Precondition failed",
                    "If-Match names version " + ifMatch + " and the body version " + body);
        }
        return body.longValue();
    }

    /** The changes asked for; what is wrong with them goes to {@code rules} (a null dimension is refused there). */
    private static List<ChangeHealthModel.DimensionChange> dimensionChanges(List<DimensionPatch> dimensions,
                                                                            FieldRules rules) {
        if (dimensions == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < dimensions.size(); i++) {
            DimensionPatch d = dimensions.get(i);
            String path = "dimensions[" + i + "]";
            if (d == null) {
                continue;
            }
            rules.required(path + ".key", d.key());
            if (d.key() == null) {
                continue;
            }
            rules.oneOf(path + ".key", d.key(), HealthModels.DIMENSIONS);
            if (HealthModels.DIMENSIONS.contains(d.key()) && !seen.add(d.key())) {
                rules.error(path + ".key", "invalid_value", "dimension '" + d.key() + "' is listed twice");
            }
            requireInRange(rules, path + ".weight", d.weight(), 0);
        }
        return dimensions.stream().filter(java.util.Objects::nonNull).map(d -> new ChangeHealthModel.DimensionChange(d.key(), d.enabled(), d.weight())).toList();
    }

    private static void requireInRange(FieldRules rules, String field, Integer value, int min) {
        if (value != null && (value < min || value > MAX)) {
            rules.error(field, "out_of_range", field + " must be from " + min + " to " + MAX);
        }
    }

    private HealthModelView model(Caller caller) {
        return queries.query(new FindHealthModel(caller.workspaceId()), ResponseTypes.instanceOf(HealthModelView.class))
                .join();
    }

    private static ResponseEntity<ModelJson> answer(HealthModelView model) {
        return ResponseEntity.ok().eTag(ETags.of(model.version())).body(ModelJson.of(model));
    }
}
