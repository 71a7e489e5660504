package com.lealup.api.projections;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a projection writes, and no other code does, named without a schema in its SQL. A processing group
 * whose every projection declares them is replayed blue/green: rebuilt into copies of these tables in a shadow
 * schema by a second processor, and swapped in, with its token, once caught up (docs/running.md). A group with
 * a projection that does not declare them is replayed in place.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ReadModelTables {

    String[] value();
}
