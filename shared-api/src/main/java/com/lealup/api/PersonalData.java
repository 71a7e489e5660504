package com.lealup.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a component of an event (or of a value inside one) that holds a person's data: the event store keeps it
 * encrypted with the key of the event's data subject (its customer, see {@link DataSubject}), so that erasing the
 * customer (destroying the key) erases it from every stored event at once (docs/gdpr-erasure.md). Read back after
 * the erasure it is {@code "[erased]"} (a text) or empty (a map, a list). Ids, codes, amounts, dates and statuses
 * are not marked: they keep the event's shape usable by the projections and the history.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER})
public @interface PersonalData {

    /** What a text value of an erased subject reads as. */
    String ERASED = "[erased]";
}
