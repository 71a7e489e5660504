package com.lealup.api.projections;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Letters of this processing group are also parked outside its processor: the playbook actions' workers park a run
 * that fails after the policy queued it. Its dead-letter handler then looks the queue up for every event, without
 * Axon's cache of parked sequences, which knows only what its own processor parked (until a restart reads the queue):
 * a later event of a sequence parked outside joins it at once, as for any parked sequence.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ParkedOutsideItsProcessor {
}
