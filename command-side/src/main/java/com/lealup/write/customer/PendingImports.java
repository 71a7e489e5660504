package com.lealup.write.customer;

/**
 * The imports of a workspace still to run. A row that names a customer holds its personal data in its job's first
 * event (docs/gdpr-erasure.md, "Bulk-import rows"); the erasure finds the job by the rows' outcomes, which a row
 * imported only after the erasure would not name the customer by. So an erasure waits for such a job to end.
 */
public interface PendingImports {

    /**
     * Rejects with 409 {@code import_in_progress} ({@code job_id}) while a queued import of the workspace has a row
     * naming the customer by its id or its email domain. Until the command's transaction ends, no import of the
     * workspace starts: one started after it is new input, imported after the erasure.
     */
    void requireNoneNaming(String workspaceId, String customerId, String emailDomain);
}
