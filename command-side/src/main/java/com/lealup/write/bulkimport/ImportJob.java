package com.lealup.write.bulkimport;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.lealup.api.DomainRejection;
import com.lealup.api.Ids;
import com.lealup.api.MetadataKeys;
import com.lealup.api.Written;
import com.lealup.api.bulkimport.FailImport;
import com.lealup.api.bulkimport.ImportJobCompleted;
import com.lealup.api.bulkimport.ImportJobFailed;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportNextRows;
import com.lealup.api.bulkimport.ImportOptions;
import com.lealup.api.bulkimport.ImportRow;
import com.lealup.api.bulkimport.ImportRowsProcessed;
import com.lealup.api.bulkimport.RowError;
import com.lealup.api.bulkimport.RowOutcome;
import com.lealup.api.bulkimport.StartImport;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.write.customer.CustomerWrites;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An import of customers: its rows as accepted, then its progress chunk by chunk. A chunk's customers (created or
 * updated by the {@code Customer} aggregate's own rules, through {@link CustomerWrites}) and the job's progress event
 * commit in one transaction, so a job resumed after a crash goes on from the last committed chunk and imports every
 * row exactly once. A bad row fails alone, with the codes a single create would answer; the job fails only when the
 * runner gives up on a chunk that cannot be stored ({@link FailImport}).
 */
@Aggregate
class ImportJob {

    /**
     * Rows per transaction: large enough to amortise a transaction and the job's replay (its first event holds every
     * row, read again for each chunk), small enough to show progress.
     */
    static final int CHUNK = 500;
    static final int MAX_ROWS = 1000;
    private static final String DUPLICATE_EMAIL_DOMAIN = "duplicate_email_domain";

    @AggregateIdentifier
    private String jobId;
    private String workspaceId;
    private ImportOptions options;
    private List<ImportRow> rows;
    private int processed;
    private int created;
    private int updated;
    private int skipped;
    private int failed;
    /** Completed or failed: no chunk is imported any more. */
    private boolean ended;

    ImportJob() {
        // for Axon
    }

    @CommandHandler
    ImportJob(StartImport command, ImportQueue queue, Clock clock,
              @MetaDataValue(MetadataKeys.TRACE_ID) String traceId) {
        if (command.rows().size() > MAX_ROWS) {
            throw DomainRejection.invalid("too_many_rows", "customers", "An import holds at most " + MAX_ROWS + " rows");
        }
        apply(new ImportJobStarted(command.jobId(), command.workspaceId(), command.options(), command.rows(),
                clock.instant()));
        queue.enqueue(command.jobId(), command.workspaceId(), traceId);
    }

    /** Imports the next chunk; answers whether rows remain. A job already ended does nothing. */
    @CommandHandler
    boolean handle(ImportNextRows command, CustomerWrites customers, ImportQueue queue, ImportJobCustomersPort named,
                   Clock clock) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw DomainRejection.notFound(jobId);
        }
        if (ended) {
            return false;
        }
        int to = Math.min(processed + CHUNK, rows.size());
        Chunk chunk = new Chunk(rows.subList(processed, to), customers);
        List<RowOutcome> outcomes = new ArrayList<>();
        for (ImportRow row : chunk.rows) {
            outcomes.add(chunk.importRow(row));
        }
        named.add(jobId, outcomes.stream().map(RowOutcome::customerId).filter(Objects::nonNull).distinct().toList());
        apply(new ImportRowsProcessed(jobId, workspaceId, processed, to, outcomes, chunk.errors, clock.instant()));
        if (to < rows.size()) {
            return true;
        }
        apply(new ImportJobCompleted(jobId, workspaceId, rows.size(), created, updated, skipped, failed,
                clock.instant()));
        queue.dequeue(jobId);
        return false;
    }

    /**
     * Ends the job as failed, its rows from the next chunk on left unimported (the runner's last resort once that
     * chunk failed its attempts). The message says what happened in words of the job, never the cause's own (it may
     * quote a row's value or SQL): the operator finds the cause in the runner's log.
     */
    @CommandHandler
    void handle(FailImport command, ImportQueue queue, Clock clock) {
        if (!workspaceId.equals(command.workspaceId())) {
            throw DomainRejection.notFound(jobId);
        }
        if (ended) {
            return;
        }
        int to = Math.min(processed + CHUNK, rows.size());
        String message = "The import stopped: rows " + processed + " to " + (to - 1) + " could not be imported after "
                + command.attempts() + " attempts, for a reason on the server's side (not a bad row). The rows before "
                + processed + " are imported; import the rows from " + processed + " on again.";
        apply(new ImportJobFailed(jobId, workspaceId, processed, command.attempts(), ImportJobFailed.CHUNK_FAILED,
                message, clock.instant()));
        queue.dequeue(jobId);
    }

    /**
     * One chunk's rows, imported in order as if one by one, with the set lookups made once for the chunk: the
     * customers the rows' keys name (then kept up to date with the chunk's own creates, so a domain twice in the file
     * is a conflict with the row before), and the email domains of the rows that will create a customer, claimed in
     * one statement ({@link CustomerWrites#reserveEmailDomains}).
     */
    private final class Chunk {

        private final List<ImportRow> rows;
        private final CustomerWrites customers;
        private final Map<String, String> holders = new HashMap<>();
        private final Set<String> existing;
        private final Map<Integer, String> newIds = new HashMap<>();
        private final List<RowError> errors = new ArrayList<>();

        Chunk(List<ImportRow> rows, CustomerWrites customers) {
            this.rows = rows;
            this.customers = customers;
            List<String> keys = rows.stream().map(ImportJob.this::keyOf).filter(Objects::nonNull).distinct().toList();
            boolean byId = options.matchOn().equals(ImportOptions.MATCH_ID);
            existing = byId ? customers.existing(workspaceId, keys) : Set.of();
            if (!byId) {
                holders.putAll(customers.holdersOfEmailDomains(workspaceId, keys));
            }
            Map<String, String> reserve = new LinkedHashMap<>();
            for (ImportRow row : options.createsNew() ? rows : List.<ImportRow>of()) {
                String domain = row.create() == null ? null : row.create().emailDomain();
                boolean creates = byId ? row.customerId() == null : !holders.containsKey(domain);
                if (domain != null && creates && !reserve.containsKey(domain)) {
                    String id = Ids.next(Ids.CUSTOMER);
                    reserve.put(domain, id);
                    newIds.put(row.row(), id);
                }
            }
            customers.reserveEmailDomains(workspaceId, reserve);
        }

        RowOutcome importRow(ImportRow row) {
            String matched = null;
            try {
                // matched first: a row naming an existing customer by its id is skipped, refused as a duplicate or
                // updated by the rules of that outcome, not refused first for what only a new customer needs
                matched = match(row).orElse(null);
                if (matched == null) {
                    if (row.create() == null && row.update() == null) {
                        return failed(row, row.createErrors().isEmpty() ? row.updateErrors() : row.createErrors(),
                                null);
                    }
                    if (!options.createsNew()) {
                        String key = options.matchOn();
                        throw keyOf(row) == null
                                ? DomainRejection.invalid("required", key, key + " is required to update")
                                : DomainRejection.unprocessable("not_found", key,
                                "No customer of the workspace has this " + key);
                    }
                    Optional<RowOutcome> created = createUnlessClaimedMeanwhile(row);
                    if (created.isPresent()) {
                        return created.get();
                    }
                    matched = holders.get(row.create().emailDomain());
                }
                return matched(row, matched);
            } catch (DomainRejection rejection) {
                DomainRejection.Details d = rejection.details();
                String field = d.field() != null ? d.field()
                        : d.code().equals(DUPLICATE_EMAIL_DOMAIN) ? ImportOptions.MATCH_EMAIL_DOMAIN : options.matchOn();
                // a duplicate names the customer it conflicts with: the row holds that customer's values
                String existing = existingId(rejection);
                if (existing != null) {
                    return failed(row, List.of(RowError.conflict(row.row(), field, d.code(), existing)), existing);
                }
                // so does a row refused as an update of the customer it matched (the erasure finds the job by it)
                return failed(row, List.of(RowError.of(row.row(), field, d.code())), matched);
            }
        }

        /**
         * Creates the customer of a row that matched none when the chunk looked the keys up, unless another import
         * (or a create) has claimed its email domain since, committing first: the row then matches that customer,
         * now among the {@code holders}, a conflict resolved as the job asks, as if it had come first.
         */
        private Optional<RowOutcome> createUnlessClaimedMeanwhile(ImportRow row) {
            try {
                return Optional.of(create(row));
            } catch (DomainRejection rejection) {
                String holder = existingId(rejection);
                if (holder == null || !rejection.details().code().equals(DUPLICATE_EMAIL_DOMAIN)
                        || !options.matchOn().equals(ImportOptions.MATCH_EMAIL_DOMAIN)) {
                    throw rejection;
                }
                holders.put(row.create().emailDomain(), holder);
                return Optional.empty();
            }
        }

        private RowOutcome create(ImportRow row) {
            if (row.create() == null) {
                return failed(row, row.createErrors(), null);
            }
            String customerId = newIds.getOrDefault(row.row(), Ids.next(Ids.CUSTOMER));
            customers.create(new CreateCustomer(customerId, workspaceId, row.create(), row.ownerEmail()));
            holders.put(row.create().emailDomain(), customerId);
            return new RowOutcome(row.row(), RowOutcome.CREATED, customerId);
        }

        private RowOutcome matched(ImportRow row, String customerId) {
            if (!options.updatesMatches()) {
                if (options.conflictResolution().equals(ImportOptions.SKIP)) {
                    return new RowOutcome(row.row(), RowOutcome.SKIPPED, customerId);
                }
                if (options.matchOn().equals(ImportOptions.MATCH_ID)) {
                    throw DomainRejection.conflict("duplicate_id", "A customer with id '" + customerId
                            + "' already exists", Map.of("existing_id", customerId));
                }
                // fail: the aggregate refuses the duplicate as a single create would (409 duplicate_email_domain)
                return create(row);
            }
            if (row.update() == null) {
                return failed(row, row.updateErrors(), customerId);
            }
            Written written = updateHolder(row, customerId);
            // a row that repeats the customer's values wrote no event: the customer is left as it is, as by skip
            return new RowOutcome(row.row(), written.changed() ? RowOutcome.UPDATED : RowOutcome.SKIPPED, customerId);
        }

        /**
         * Updates the customer the row matched. One in the trash takes no update (a PATCH of it is 404), and keeps its
         * email domain there: a job that may create finds the domain taken, as a create would (409 naming it, so the
         * client knows which customer to restore); an update-only job finds no customer to update.
         */
        private Written updateHolder(ImportRow row, String customerId) {
            try {
                return customers.update(new UpdateCustomer(customerId, workspaceId, null, row.update(), row.cleared(),
                        row.ownerEmail()));
            } catch (DomainRejection rejection) {
                if (!rejection.details().code().equals("not_found") || !options.createsNew()
                        || !options.matchOn().equals(ImportOptions.MATCH_EMAIL_DOMAIN)) {
                    throw rejection;
                }
                throw DomainRejection.conflict(DUPLICATE_EMAIL_DOMAIN, "The email domain is held by customer '"
                        + customerId + "', in the trash", Map.of("existing_id", customerId));
            }
        }

        /** The existing customer the row names by the job's key, if any; an id that names none is refused. */
        private Optional<String> match(ImportRow row) {
            String key = keyOf(row);
            if (key == null) {
                return Optional.empty();
            }
            if (options.matchOn().equals(ImportOptions.MATCH_ID)) {
                if (!existing.contains(key)) {
                    throw DomainRejection.notFound(key);
                }
                return Optional.of(key);
            }
            return Optional.ofNullable(holders.get(key));
        }

        /** {@code customerId}: the existing customer the row matched or conflicts with, if any. */
        private RowOutcome failed(ImportRow row, List<RowError> rowErrors, String customerId) {
            errors.addAll(rowErrors);
            return new RowOutcome(row.row(), RowOutcome.FAILED, customerId);
        }
    }

    /** The existing customer a rejection names as the holder of what the row asked for, if any. */
    private static String existingId(DomainRejection rejection) {
        Map<String, Object> extra = rejection.details().extra();
        Object existing = extra == null ? null : extra.get("existing_id");
        return existing == null ? null : existing.toString();
    }

    private String keyOf(ImportRow row) {
        if (options.matchOn().equals(ImportOptions.MATCH_ID)) {
            return row.customerId();
        }
        CustomerFields fields = row.create() != null ? row.create() : row.update();
        return fields == null ? null : fields.emailDomain();
    }

    @EventSourcingHandler
    void on(ImportJobStarted event) {
        jobId = event.jobId();
        workspaceId = event.workspaceId();
        options = event.options();
        rows = event.rows();
    }

    @EventSourcingHandler
    void on(ImportRowsProcessed event) {
        processed = event.toRow();
        for (RowOutcome outcome : event.outcomes()) {
            switch (outcome.result()) {
                case RowOutcome.CREATED -> created++;
                case RowOutcome.UPDATED -> updated++;
                case RowOutcome.SKIPPED -> skipped++;
                default -> failed++;
            }
        }
    }

    @EventSourcingHandler
    void on(ImportJobCompleted event) {
        ended = true;
    }

    @EventSourcingHandler
    void on(ImportJobFailed event) {
        ended = true;
    }
}
