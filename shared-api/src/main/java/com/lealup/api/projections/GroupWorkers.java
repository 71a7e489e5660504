package com.lealup.api.projections;

/**
 * Workers that do a processing group's work outside its processor (the playbook actions' runs, queued by the group's
 * policy): while they retry a failure, health shows the group in {@code error}, as it shows a processor retrying its
 * batch.
 */
public interface GroupWorkers {

    String processingGroup();

    /** Whether some of the group's work failed lately and waits to be tried again. */
    boolean retrying();
}
