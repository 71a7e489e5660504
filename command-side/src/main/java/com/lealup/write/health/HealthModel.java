package com.lealup.write.health;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.health.ChangeHealthModel;
import com.lealup.api.health.DimensionSetting;
import com.lealup.api.health.HealthModelChanged;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthThresholds;
import com.lealup.write.Validation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A workspace's health model. It exists implicitly as {@link HealthModels#DEFAULT} (version 1) until the first
 * change; every change is merged into the current model, validated whole, and bumps the version.
 */
@Aggregate
class HealthModel {

    @AggregateIdentifier
    private String modelId;
    private String workspaceId;
    private int version = HealthModels.DEFAULT.version();
    private List<DimensionSetting> dimensions = HealthModels.DEFAULT.dimensions();
    private HealthThresholds thresholds = HealthModels.DEFAULT.thresholds();

    HealthModel() {
        // for Axon
    }

    /** Answers the new version (the current one when the change changes nothing). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    int handle(ChangeHealthModel command, Clock clock) {
        if (workspaceId != null && !workspaceId.equals(command.workspaceId())) {
            throw DomainRejection.notFound("Health model", command.modelId());
        }
        if (command.expectedVersion() != null && command.expectedVersion() != version) {
            throw DomainRejection.versionMismatch(command.expectedVersion(), version);
        }
        Validation fields = new Validation();
        List<DimensionSetting> merged = merge(command.dimensions(), fields);
        HealthThresholds newThresholds = new HealthThresholds(
                command.healthy() == null ? thresholds.healthy() : command.healthy(),
                command.atRisk() == null ? thresholds.atRisk() : command.atRisk());
        validate(merged, newThresholds, command, fields);
        fields.throwIfInvalid();
        // the implicit default model too: an empty PATCH must not bump it to version 2 and rescore everyone
        if (merged.equals(dimensions) && newThresholds.equals(thresholds)) {
            return version;
        }
        apply(new HealthModelChanged(command.workspaceId(), version + 1, merged, newThresholds, clock.instant()));
        return version;
    }

    @EventSourcingHandler
    void on(HealthModelChanged event) {
        modelId = HealthModels.modelId(event.workspaceId());
        workspaceId = event.workspaceId();
        version = event.version();
        dimensions = event.dimensions();
        thresholds = event.thresholds();
    }

    /** The current model with the changes; a change of an unknown dimension is an error in {@code fields}. */
    private List<DimensionSetting> merge(List<ChangeHealthModel.DimensionChange> changes, Validation fields) {
        List<DimensionSetting> merged = new ArrayList<>(dimensions);
        for (int c = 0; c < changes.size(); c++) {
            ChangeHealthModel.DimensionChange change = changes.get(c);
            int i = HealthModels.DIMENSIONS.indexOf(change.key());
            if (i < 0) {
                fields.error("unknown_value", changePath(c) + ".key",
                        "Unknown dimension '" + change.key() + "'; dimensions are " + String.join(", ", HealthModels.DIMENSIONS));
                continue;
            }
            DimensionSetting current = merged.get(i);
            merged.set(i, new DimensionSetting(current.key(),
                    change.enabled() == null ? current.enabled() : change.enabled(),
                    change.weight() == null ? current.weight() : change.weight()));
        }
        return List.copyOf(merged);
    }

    /**
     * The merged model must be valid. Errors name the path in the request: a dimension by its place in the change
     * (only a changed dimension can become invalid), a threshold by the one sent (at_risk when both are). The sum of
     * the weights is judged only once every dimension and weight is valid; the thresholds whatever the dimensions.
     */
    private static void validate(List<DimensionSetting> dimensions, HealthThresholds thresholds,
                                 ChangeHealthModel command, Validation fields) {
        int sum = 0;
        for (DimensionSetting d : dimensions) {
            if (d.enabled()) {
                if (d.weight() <= 0) {
                    fields.error("must_be_positive", changePath(command, d.key()) + ".weight",
                            "The weight of enabled dimension '" + d.key() + "' must be positive");
                }
                sum += d.weight();
            }
        }
        if (fields.valid() && sum != 100) {
            fields.error("out_of_range", "dimensions", "The weights of the enabled dimensions must add up to 100, not " + sum);
        }
        if (thresholds.atRisk() <= 0 || thresholds.atRisk() >= thresholds.healthy()) {
            String field = command.atRisk() == null && command.healthy() != null ? "thresholds.healthy" : "thresholds.at_risk";
            fields.error("out_of_range", field, "thresholds.at_risk must be above 0 and below thresholds.healthy");
        }
        if (thresholds.healthy() > 100) {
            fields.error("out_of_range", "thresholds.healthy", "thresholds.healthy is at most 100");
        }
    }

    /** The request path of the change of dimension {@code key}; the command lists the changes as the body does. */
    private static String changePath(ChangeHealthModel command, String key) {
        List<ChangeHealthModel.DimensionChange> changes = command.dimensions();
        for (int c = 0; c < changes.size(); c++) {
            if (changes.get(c).key().equals(key)) {
                return changePath(c);
            }
        }
        throw new IllegalStateException("dimension '" + key + "' became invalid without a change");
    }

    private static String changePath(int index) {
        return "dimensions[" + index + "]";
    }
}
