package com.lealup.api.bulkimport;

import java.util.List;

/**
 * How an import treats its rows (API.md section 3, docs/customers.md "Bulk import"). {@code mode}: {@code create}
 * or {@code create_or_update} (a row matching an existing customer is a conflict, resolved by
 * {@code conflictResolution}: {@code skip}, {@code overwrite}, a PATCH-like merge, or {@code fail}; by default
 * {@code fail} in {@code create} mode, {@code overwrite} in {@code create_or_update}), or {@code update} (every row
 * must match, and updates its customer; one that does not is {@code not_found}). {@code matchOn}: {@code email_domain}
 * or {@code id}.
 */
public record ImportOptions(String mode, String conflictResolution, String matchOn) {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String CREATE_OR_UPDATE = "create_or_update";
    public static final List<String> MODES = List.of(CREATE, UPDATE, CREATE_OR_UPDATE);

    public static final String SKIP = "skip";
    public static final String OVERWRITE = "overwrite";
    public static final String FAIL = "fail";
    public static final List<String> CONFLICT_RESOLUTIONS = List.of(SKIP, OVERWRITE, FAIL);

    public static final String MATCH_EMAIL_DOMAIN = "email_domain";
    public static final String MATCH_ID = "id";
    public static final List<String> MATCH_ON = List.of(MATCH_EMAIL_DOMAIN, MATCH_ID);

    /** The options of an import that gives none. */
    public static final ImportOptions DEFAULTS = new ImportOptions(CREATE, FAIL, MATCH_EMAIL_DOMAIN);

    /** The conflict resolution of a mode when none is given: the mode's own intent for a match. */
    public static String defaultConflictResolution(String mode) {
        return mode.equals(CREATE) ? FAIL : OVERWRITE;
    }

    /** Whether a row that matches an existing customer updates it. */
    public boolean updatesMatches() {
        return mode.equals(UPDATE) || conflictResolution.equals(OVERWRITE);
    }

    /** Whether a row that matches no customer creates one. */
    public boolean createsNew() {
        return !mode.equals(UPDATE);
    }
}
