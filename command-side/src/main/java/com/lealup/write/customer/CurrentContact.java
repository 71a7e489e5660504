package com.lealup.write.customer;

import static com.lealup.write.customer.CurrentFields.changed;
import static com.lealup.write.customer.CurrentFields.or;

import com.lealup.api.Emails;
import com.lealup.api.customer.ContactFields;
import java.util.HashSet;
import java.util.Set;

/**
 * A contact's fields as the customer's events left them, so that a contact update records only what it changes, as
 * a customer update does ({@link CurrentFields}): one that repeats the contact writes no event and keeps the version.
 */
record CurrentContact(ContactFields fields) {

    /** The fields after {@code changes} and {@code cleared} (an update's event; {@code null}: none cleared). */
    CurrentContact apply(ContactFields changes, Set<String> clearedOrNull) {
        Set<String> cleared = clearedOrNull == null ? Set.of() : clearedOrNull;
        return new CurrentContact(new ContactFields(or(changes.name(), fields.name()),
                or(changes.email(), fields.email()),
                cleared.contains(ContactFields.TITLE) ? null : or(changes.title(), fields.title()),
                or(changes.isChampion(), fields.isChampion()),
                cleared.contains(ContactFields.WHATSAPP_NUMBER) ? null
                        : or(changes.whatsappNumber(), fields.whatsappNumber())));
    }

    /** What of {@code requested} differs from the contact ({@code null} where it does not). */
    ContactFields changedBy(ContactFields requested) {
        return new ContactFields(changed(requested.name(), fields.name()), changed(requested.email(), fields.email()),
                changed(requested.title(), fields.title()), changed(requested.isChampion(), fields.isChampion()),
                changed(requested.whatsappNumber(), fields.whatsappNumber()));
    }

    /** Of the fields an update clears, those that hold a value now. */
    Set<String> clearing(Set<String> cleared) {
        Set<String> holding = new HashSet<>();
        for (String field : cleared) {
            Object value = switch (field) {
                case ContactFields.TITLE -> fields.title();
                case ContactFields.WHATSAPP_NUMBER -> fields.whatsappNumber();
                default -> null;
            };
            if (value != null) {
                holding.add(field);
            }
        }
        return holding;
    }

    /** The email as contacts compare it: unique per customer, ignoring case. */
    String normalisedEmail() {
        return normalised(fields.email());
    }

    static String normalised(String email) {
        return email == null ? "" : Emails.normalised(email);
    }
}
