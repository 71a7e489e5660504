package com.lealup.api.bulkimport;

import com.lealup.api.StorableText;
import java.util.Map;

/**
 * Why a row of an import failed, with the codes of {@code POST /v1/customers}; {@code row} is 0-based. The
 * {@code message} names the field and the rule, never a value the client sent: the errors are kept in the job's
 * events and read model, where a value quoted from one row (another row's duplicate email domain) would outlive the
 * erasure of the customer it belongs to. Build one with {@link #of}.
 */
public record RowError(int row, String field, String code, String message) {

    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("required", "is required"),
            Map.entry("not_nullable", "cannot be null"),
            Map.entry("must_be_positive", "must be a positive number"),
            Map.entry("invalid_type", "has the wrong type"),
            Map.entry("invalid_format", "has an invalid format"),
            Map.entry("too_long", "is too long"),
            Map.entry("too_many", "has too many entries"),
            Map.entry("out_of_range", "is out of range"),
            Map.entry("unknown_value", "is not one of the allowed values"),
            Map.entry("conflicting_fields", "conflicts with another field of the row"),
            Map.entry("duplicate_email_domain", "is the email domain of another customer of the workspace"),
            Map.entry("duplicate_id", "is the id of an existing customer"),
            Map.entry("not_found", "names no customer of the workspace"),
            Map.entry("unknown_owner", "is not an active user of the workspace"),
            Map.entry("unknown_segment", "is not a segment of the workspace"),
            Map.entry("renewal_date_in_past", "is in the past"));

    /**
     * The error with its message made of the field and the rule only ({@code field} null: the whole row), the field
     * quoted short as every message quotes a name the client chose ({@code field} keeps it whole).
     */
    public static RowError of(int row, String field, String code) {
        String rule = RULES.getOrDefault(code, "is refused (" + code + ")");
        return new RowError(row, field, code, (field == null ? "The row" : StorableText.abbreviated(field)) + " " + rule);
    }

    /** A conflict with an existing customer, named by its id (an id of ours, not a value the client sent). */
    public static RowError conflict(int row, String field, String code, String existingId) {
        RowError error = of(row, field, code);
        return new RowError(row, field, code, error.message() + ": " + existingId);
    }
}
