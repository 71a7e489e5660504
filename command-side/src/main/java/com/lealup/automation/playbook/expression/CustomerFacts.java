package com.lealup.automation.playbook.expression;

import com.lealup.api.playbook.expression.CustomField;
import com.lealup.api.playbook.expression.Field;
import com.lealup.api.playbook.expression.StandardField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a playbook condition can see of one customer at one moment. {@code null} means "no value" (no health score
 * yet, no renewal date, no segment); a custom field that is absent or null has no value either.
 * {@code daysToRenewal} is given, not computed here, so that evaluation depends on no clock.
 */
public record CustomerFacts(BigDecimal healthScore, String healthStatus, BigDecimal arr, String status, String segment,
                            String ownerId, Integer daysToRenewal, LocalDate renewalDate, String name, String emailDomain,
                            int openTasks, Map<String, Object> customFields) {

    public CustomerFacts {
        Map<String, Object> present = new LinkedHashMap<>();
        if (customFields != null) {
            customFields.forEach((key, value) -> {
                if (value != null) {
                    present.put(key, value);
                }
            });
        }
        customFields = Collections.unmodifiableMap(present);
    }

    /**
     * The value of a field as the evaluator compares it: numbers as {@link BigDecimal}, text as String, dates as
     * {@link LocalDate}, custom booleans as Boolean; {@code null} when there is none.
     */
    Object value(Field field) {
        if (field instanceof CustomField custom) {
            Object value = customFields.get(custom.key());
            return value instanceof Number number ? decimal(number) : value;
        }
        return switch ((StandardField) field) {
            case HEALTH_SCORE -> healthScore;
            case HEALTH_STATUS -> healthStatus;
            case ARR -> arr;
            case STATUS -> status;
            case SEGMENT -> segment;
            case OWNER_ID -> ownerId;
            case DAYS_TO_RENEWAL -> daysToRenewal == null ? null : BigDecimal.valueOf(daysToRenewal);
            case RENEWAL_DATE -> renewalDate;
            case NAME -> name;
            case EMAIL_DOMAIN -> emailDomain;
            case OPEN_TASKS -> BigDecimal.valueOf(openTasks);
        };
    }

    /** Custom numbers arrive as whatever JSON gave (Integer, Long, Double, BigDecimal): one type to compare. */
    private static Object decimal(Number number) {
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        try {
            return new BigDecimal(number.toString());
        } catch (NumberFormatException notFinite) {
            return number; // NaN or infinity: equal to no literal, ordered against none
        }
    }
}
