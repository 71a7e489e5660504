package com.lealup.api.projections;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * No write's answer waits for this processing group's writes (no read-your-writes wait), so its processor lingers
 * (a request that must see what it made of earlier events, as a health recalculation on demand, waits up to the linger
 * longer): it starts a batch only once the batch's first event is {@code lealup.processors.linger} old
 * (200 ms), and the events that came meanwhile join it. Under load its batches grow with the rate of writes, each one
 * transaction and one token update, instead of one for every few events; idle or catching up (events older than the
 * linger) it does not wait at all. A group lingers only if every handler class in it is marked.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Lingers {
}
