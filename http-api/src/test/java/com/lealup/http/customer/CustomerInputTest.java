package com.lealup.http.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.CustomerFields;
import com.lealup.http.support.FieldErrors;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CustomerInputTest {

    private static CustomerRequest customer(String name, String domain, BigDecimal arr, Map<String, Object> custom) {
        return new CustomerRequest(name, domain, arr, null, null, null, null, null, null, null, custom);
    }

    @Test
    void aCreateIsNormalisedAndTakesTheAggregatesDefaults() {
        CustomerFields fields = CustomerInput.forCreate(new CustomerRequest("  Acme Corp ", " ACME.com", null, "usd",
                "active", "usr_ana", null, "seg_1", LocalDate.parse("2027-06-15"), "commit", Map.of("tier", "Gold")), Set.of());
        assertThat(fields).isEqualTo(new CustomerFields("Acme Corp", "acme.com", BigDecimal.ZERO, "USD", "active",
                "usr_ana", "seg_1", LocalDate.parse("2027-06-15"), "commit", Map.of("tier", "Gold")));
        assertThat(CustomerInput.forCreate(customer("A", "a.io", new BigDecimal("10.50"), null), Set.of()).arr())
                .isEqualTo(new BigDecimal("10.5"));
    }

    @Test
    void aCreateNamesEveryBadFieldAtOnce() {
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer(null, null, null, null), Set.of())))
                .containsExactly("name required", "email_domain required");
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(new CustomerRequest(" ", "acme", new BigDecimal("-1"),
                "XYZ", "sleeping", "usr_a", "not-an-email", null, null, "maybe", null), Set.of())))
                .containsExactly("name required", "email_domain invalid_format", "arr must_be_positive",
                        "currency unknown_value", "status unknown_value", "forecast_category unknown_value",
                        "owner_email conflicting_fields", "owner_email invalid_format");
    }

    @Test
    void aCreateRefusesANullWhereAnAbsentFieldTakesADefault() {
        Set<String> nulls = Set.of("name", "arr", "currency", "status", "forecast_category", "custom_fields",
                CustomerFields.OWNER_ID, CustomerFields.SEGMENT_ID, CustomerFields.RENEWAL_DATE, "owner_email");
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer(null, "a.io", null, null), nulls)))
                .containsExactly("arr not_nullable", "currency not_nullable", "custom_fields not_nullable",
                        "forecast_category not_nullable", "name not_nullable", "status not_nullable");
    }

    @Test
    void arrIsBelowTenToTheFifteenWithTwoDecimals() {
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer("A", "a.io", new BigDecimal("1.001"), null), Set.of())))
                .containsExactly("arr out_of_range");
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer("A", "a.io", CustomerInput.MAX_ARR, null), Set.of())))
                .containsExactly("arr out_of_range");
        assertThat(CustomerInput.forCreate(customer("A", "a.io", CustomerInput.MAX_ARR.subtract(BigDecimal.ONE), null), Set.of())
                .arr()).isEqualByComparingTo("999999999999999");
    }

    @Test
    void customFieldsAreBoundedAndOnlyAnUpdateMayRemoveOne() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("gone", null);
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer("A", "a.io", null, withNull), Set.of())))
                .containsExactly("custom_fields.gone not_nullable");
        assertThat(CustomerInput.forUpdate(customer(null, null, null, withNull), Set.of()).customFields())
                .containsEntry("gone", null);
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer("A", "a.io", null,
                Map.of("1st", "x", "long", "y".repeat(1001), "list", java.util.List.of(1))), Set.of())))
                .containsExactlyInAnyOrder("custom_fields.1st invalid_format", "custom_fields.long too_long",
                        "custom_fields.list invalid_type");
        Map<String, Object> many = new HashMap<>();
        IntStream.range(0, 101).forEach(i -> many.put("k" + i, i));
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(customer("A", "a.io", null, many), Set.of())))
                .containsExactly("custom_fields too_many");
    }

    @Test
    void anUpdateTakesOnlyWhatIsSentAndClearsOnlyClearableFields() {
        CustomerFields changes = CustomerInput.forUpdate(customer(null, null, new BigDecimal("5"), null),
                Set.of(CustomerFields.OWNER_ID, CustomerFields.RENEWAL_DATE, "owner_email"));
        assertThat(changes).isEqualTo(new CustomerFields(null, null, new BigDecimal("5"), null, null, null, null, null,
                null, null));
        assertThat(FieldErrors.of(() -> CustomerInput.forUpdate(customer(null, null, null, null),
                Set.of("status", "name", CustomerFields.SEGMENT_ID))))
                .containsExactly("name not_nullable", "status not_nullable");
    }

    @Test
    void aNullOwnerEmailClearsTheOwnerAndContradictsAnOwnerId() {
        assertThat(CustomerInput.cleared(Set.of("owner_email", "name", CustomerFields.SEGMENT_ID)))
                .containsExactlyInAnyOrder(CustomerFields.OWNER_ID, CustomerFields.SEGMENT_ID);
        CustomerRequest ownerId = new CustomerRequest(null, null, null, null, null, "usr_1", null, null, null, null, null);
        CustomerRequest ownerEmail = new CustomerRequest(null, null, null, null, null, null, "a@b.com", null, null, null,
                null);
        assertThat(FieldErrors.of(() -> CustomerInput.forUpdate(ownerId, Set.of("owner_email"))))
                .containsExactly("owner_email conflicting_fields");
        assertThat(FieldErrors.of(() -> CustomerInput.forCreate(new CustomerRequest("A", "a.io", null, null, null, null,
                "a@b.com", null, null, null, null), Set.of(CustomerFields.OWNER_ID))))
                .containsExactly("owner_email conflicting_fields");
        assertThat(FieldErrors.of(() -> CustomerInput.forUpdate(ownerEmail, Set.of(CustomerFields.OWNER_ID))))
                .containsExactly("owner_email conflicting_fields");
    }

    @Test
    void contacts() {
        assertThat(CustomerInput.contactForCreate(new ContactRequest(" Maria ", " maria@acme.com ", null, true,
                "+56911112222"), Set.of(ContactFields.TITLE)))
                .isEqualTo(new ContactFields("Maria", "maria@acme.com", null, true, "+56911112222"));
        assertThat(FieldErrors.of(() -> CustomerInput.contactForCreate(new ContactRequest(null, null, null, null, null),
                Set.of()))).containsExactly("name required", "email required");
        // a required field sent as null is named once, as not_nullable
        assertThat(FieldErrors.of(() -> CustomerInput.contactForCreate(new ContactRequest(null, null, null, null, null),
                Set.of("name")))).containsExactly("name not_nullable", "email required");
        // is_champion's default (false) is for an absent one
        assertThat(FieldErrors.of(() -> CustomerInput.contactForCreate(new ContactRequest("M", "m@acme.com", null, null,
                null), Set.of("is_champion", ContactFields.WHATSAPP_NUMBER)))).containsExactly("is_champion not_nullable");
        assertThat(FieldErrors.of(() -> CustomerInput.contactForCreate(new ContactRequest("M", "maria", "t".repeat(201),
                null, "56911112222"), Set.of())))
                .containsExactly("title too_long", "email invalid_format", "whatsapp_number invalid_format");
        assertThat(FieldErrors.of(() -> CustomerInput.contactForUpdate(new ContactRequest(null, null, null, null, null),
                Set.of(ContactFields.TITLE, ContactFields.WHATSAPP_NUMBER, "email"))))
                .containsExactly("email not_nullable");
    }
}
