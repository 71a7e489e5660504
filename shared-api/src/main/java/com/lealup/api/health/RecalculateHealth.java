package com.lealup.api.health;

/**
 * Scores the customer now; answers the number of the calculation in force afterwards (0: never scored), or null when
 * nothing may be scored yet: the signals are being rebuilt (a replay of {@link #SIGNALS_GROUP}), whose pass over the
 * customer's events marks it for the background sweep.
 */
public record RecalculateHealth(String customerId, String workspaceId) {

    /**
     * The processing group that keeps the signals a recalculation reads. Ingested usage reaches them after its
     * {@code 202}, so a caller that must count what was ingested before waits for this group first.
     */
    public static final String SIGNALS_GROUP = "health-signals";

    /**
     * The processing group that explains each change of score ({@code GET .../health/changes}). It lingers, so a
     * recalculation, whose caller asks next why the score changed, waits for it to handle the new score.
     */
    public static final String CHANGES_GROUP = "health-changes";
}
