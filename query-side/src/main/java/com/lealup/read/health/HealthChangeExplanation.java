package com.lealup.read.health;

import com.lealup.api.health.DimensionScore;
import com.lealup.api.health.HealthChanges.Change;
import com.lealup.api.health.HealthChanges.DimensionChange;
import com.lealup.api.health.HealthChanges.SignalChange;
import com.lealup.api.health.HealthModels;
import com.lealup.api.health.HealthTrigger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Explains a published score against the one before it (docs/health-model.md, "Reading a change"): each dimension
 * before and after, the contribution deltas, which add up exactly to the change of the score, and the signals that
 * moved. Pure and deterministic.
 */
final class HealthChangeExplanation {

    /** A published score as stored: the event's fields, and the trace id of its metadata. */
    record Score(long calculation, Instant calculatedAt, Integer score, Integer previousScore, String status,
                 String previousStatus, int modelVersion, String trigger, List<DimensionScore> dimensions,
                 String traceId) {
    }

    private HealthChangeExplanation() {
    }

    /**
     * {@code before} is the score of the calculation before (null for the first score, and when the read model does
     * not hold it yet, which leaves the dimensions' previous side and deltas null and no signals).
     */
    static Change explain(Score after, Score before) {
        boolean first = after.calculation() <= 1;
        boolean known = first || before != null;
        List<DimensionScore> previousDimensions = before == null ? List.of() : before.dimensions();
        Map<String, DimensionScore> now = byKey(after.dimensions());
        Map<String, DimensionScore> then = byKey(previousDimensions);
        Set<String> keys = new LinkedHashSet<>(now.keySet());
        keys.addAll(then.keySet());
        List<String> ordered = keys.stream().sorted(Comparator.comparingInt(HealthChangeExplanation::rank)).toList();

        List<BigDecimal> deltas = known ? deltas(ordered, now, then, after) : null;
        List<DimensionChange> dimensions = new ArrayList<>();
        List<SignalChange> signals = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            String key = ordered.get(i);
            DimensionScore d = now.get(key);
            DimensionScore p = known ? then.get(key) : null;
            dimensions.add(new DimensionChange(key, d == null ? null : d.score(), p == null ? null : p.score(),
                    d == null ? null : d.weight(), p == null ? null : p.weight(),
                    d == null ? null : d.contribution(), p == null ? null : p.contribution(),
                    deltas == null ? null : deltas.get(i)));
            if (known) {
                signals.addAll(movedSignals(key, p, d));
            }
        }
        Integer previousModelVersion = before == null ? null : before.modelVersion();
        return new Change(after.calculation(), after.calculatedAt(), after.score(), after.previousScore(),
                after.status(), after.previousStatus(), after.modelVersion(), previousModelVersion,
                trigger(after, before), List.copyOf(dimensions), List.copyOf(signals), after.traceId());
    }

    /**
     * The trigger the event names; an event stored before triggers were (revision 1, not manual) is a
     * {@code model_change} when the model version moved, else {@code events}.
     */
    private static String trigger(Score after, Score before) {
        if (after.trigger() != null) {
            return after.trigger();
        }
        return before != null && before.modelVersion() != after.modelVersion()
                ? HealthTrigger.MODEL_CHANGE : HealthTrigger.EVENTS;
    }

    /**
     * Each dimension's contribution after minus before (a missing side counts 0). What is left of
     * {@code score - previousScore} (the rounding of the two scores to whole numbers, within ±1.15) goes to one
     * dimension, so that the deltas add up exactly: the one whose contribution moved most among those present before
     * and after (a dimension that appeared or vanished keeps exactly its contribution); if none of those moved, the
     * one that moved most; if none moved, the first. Ties go to the first in the canonical order.
     */
    private static List<BigDecimal> deltas(List<String> keys, Map<String, DimensionScore> now,
                                           Map<String, DimensionScore> then, Score after) {
        List<BigDecimal> deltas = new ArrayList<>();
        BigDecimal sum = BigDecimal.ZERO;
        int chosen = -1;
        int chosenRank = -1;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            BigDecimal delta = contribution(now.get(key)).subtract(contribution(then.get(key)));
            deltas.add(delta);
            sum = sum.add(delta);
            int rank = delta.signum() == 0 ? 0 : now.containsKey(key) && then.containsKey(key) ? 2 : 1;
            if (chosen < 0 || rank > chosenRank
                    || rank == chosenRank && delta.abs().compareTo(deltas.get(chosen).abs()) > 0) {
                chosen = i;
                chosenRank = rank;
            }
        }
        BigDecimal target = BigDecimal.valueOf(orZero(after.score()) - (long) orZero(after.previousScore()));
        BigDecimal rounding = target.subtract(sum);
        if (chosen >= 0 && rounding.signum() != 0) {
            deltas.set(chosen, deltas.get(chosen).add(rounding));
        }
        return deltas.stream().map(d -> d.setScale(Math.max(2, d.scale()), RoundingMode.UNNECESSARY)).toList();
    }

    /** The signals of one dimension whose value differs before and after; nested signals named with dots. */
    private static List<SignalChange> movedSignals(String key, DimensionScore before, DimensionScore after) {
        Map<String, Object> from = flat(before);
        Map<String, Object> to = flat(after);
        Set<String> names = new LinkedHashSet<>(to.keySet());
        names.addAll(from.keySet());
        List<SignalChange> moved = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(from.get(name), to.get(name))) {
                moved.add(new SignalChange(key, name, from.get(name), to.get(name)));
            }
        }
        return moved;
    }

    private static Map<String, Object> flat(DimensionScore dimension) {
        Map<String, Object> flat = new LinkedHashMap<>();
        if (dimension != null && dimension.signals() != null) {
            flatten("", dimension.signals(), flat);
        }
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> signals, Map<String, Object> into) {
        signals.forEach((name, value) -> {
            if (value instanceof Map<?, ?> nested) {
                flatten(prefix + name + ".", nested, into);
            } else {
                into.put(prefix + name, value);
            }
        });
    }

    private static Map<String, DimensionScore> byKey(List<DimensionScore> dimensions) {
        Map<String, DimensionScore> byKey = new LinkedHashMap<>();
        if (dimensions != null) {
            dimensions.forEach(d -> byKey.put(d.key(), d));
        }
        return byKey;
    }

    private static BigDecimal contribution(DimensionScore dimension) {
        return dimension == null || dimension.contribution() == null ? BigDecimal.ZERO : dimension.contribution();
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** The canonical order of the built-in dimensions; an unknown key after them. */
    private static int rank(String key) {
        int index = HealthModels.DIMENSIONS.indexOf(key);
        return index < 0 ? HealthModels.DIMENSIONS.size() : index;
    }
}
