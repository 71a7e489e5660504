package com.lealup.automation.playbook;

import com.lealup.automation.playbook.expression.CustomerFacts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** One customer's row of engine facts; {@link #on(LocalDate)} gives what a condition sees on a given day. */
record FactsRow(String customerId, String workspaceId, String name, String emailDomain, BigDecimal arr, String status,
                String ownerId, String segment, LocalDate renewalDate, Map<String, Object> customFields,
                BigDecimal healthScore, String healthStatus, int openTasks, boolean deleted) {

    CustomerFacts on(LocalDate today) {
        Integer daysToRenewal = renewalDate == null ? null : (int) ChronoUnit.DAYS.between(today, renewalDate);
        return new CustomerFacts(healthScore, healthStatus, arr, status, segment, ownerId, daysToRenewal, renewalDate,
                name, emailDomain, openTasks, customFields);
    }
}
