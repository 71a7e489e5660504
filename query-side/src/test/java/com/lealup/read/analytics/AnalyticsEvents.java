package com.lealup.read.analytics;

import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.health.HealthScoreCalculated;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Events as the command side publishes them, made short for the analytics projection tests. */
final class AnalyticsEvents {

    private AnalyticsEvents() {
    }

    static Instant at(String dateTime) {
        return Instant.parse(dateTime.length() == 10 ? dateTime + "T12:00:00Z" : dateTime);
    }

    static CustomerCreated created(String workspace, String customer, String status, String arr, String at) {
        return created(workspace, customer, status, arr, null, "pipeline", at);
    }

    static CustomerCreated created(String workspace, String customer, String status, String arr, String renewal,
                                   String forecast, String at) {
        return new CustomerCreated(customer, workspace, new CustomerFields(customer + " Inc", customer + ".com",
                new BigDecimal(arr), "USD", status, null, null, renewal == null ? null : LocalDate.parse(renewal),
                forecast, Map.of()), at(at));
    }

    static CustomerUpdated status(String workspace, String customer, String status, String at) {
        return update(workspace, customer, new CustomerFields(null, null, null, null, status, null, null, null, null,
                null), at);
    }

    static CustomerUpdated arr(String workspace, String customer, String arr, String at) {
        return update(workspace, customer, new CustomerFields(null, null, new BigDecimal(arr), null, null, null, null,
                null, null, null), at);
    }

    static CustomerUpdated update(String workspace, String customer, CustomerFields changes, String at) {
        return new CustomerUpdated(customer, workspace, changes, Set.of(), at(at));
    }

    static HealthScoreCalculated health(String workspace, String customer, long calculation, Integer score,
                                        String status, String at) {
        return new HealthScoreCalculated(customer, workspace, calculation, score, status, null, null, 1, List.of(),
                at(at), "events");
    }
}
