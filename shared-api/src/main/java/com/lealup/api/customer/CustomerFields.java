package com.lealup.api.customer;

import com.lealup.api.PersonalData;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * A customer's own data as created or changed. In {@link CreateCustomer} every field is the initial value;
 * in {@link UpdateCustomer} and {@link CustomerUpdated} a {@code null} field is unchanged, a field named in
 * {@code cleared} is set to null, and {@code customFields} holds only the keys that change (a {@code null}
 * value removes the key).
 */
public record CustomerFields(@PersonalData String name, @PersonalData String emailDomain, BigDecimal arr, String currency, String status,
                             String ownerId, String segmentId, LocalDate renewalDate, String forecastCategory,
                             @PersonalData Map<String, Object> customFields) {

    /** Fields that may be cleared with an explicit null. */
    public static final String OWNER_ID = "owner_id";
    public static final String SEGMENT_ID = "segment_id";
    public static final String RENEWAL_DATE = "renewal_date";

    /** True when nothing is set (named so that it is not a JSON property of the event). */
    public boolean changesNothing() {
        return name == null && emailDomain == null && arr == null && currency == null && status == null
                && ownerId == null && segmentId == null && renewalDate == null && forecastCategory == null
                && (customFields == null || customFields.isEmpty());
    }
}
