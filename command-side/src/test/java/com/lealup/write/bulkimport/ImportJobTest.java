package com.lealup.write.bulkimport;

import static com.lealup.write.RejectionMatcher.rejection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

import com.lealup.api.DomainRejection;
import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.Written;
import com.lealup.api.MetadataKeys;
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
import com.lealup.testing.TestClock;
import com.lealup.write.customer.CustomerWrites;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The import job: its rows, chunks that import each row once, and the decision per row. */
class ImportJobTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final String JOB = "job_1";
    private static final String WS = "wsp_1";

    private final FakeCustomers customers = new FakeCustomers();
    private final FakeQueue queue = new FakeQueue();
    /** The customers the chunks named, for the erasure. */
    private final Set<String> named = new LinkedHashSet<>();
    private AggregateTestFixture<ImportJob> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ImportJob.class);
        fixture.registerInjectableResource(customers);
        fixture.registerInjectableResource(queue);
        fixture.registerInjectableResource(new ImportJobCustomersPort() {
            @Override
            public void add(String jobId, Collection<String> customerIds) {
                named.addAll(customerIds);
            }

            @Override
            public Set<String> jobsNaming(String customerId) {
                return Set.of();
            }
        });
        fixture.registerInjectableResource(TestClock.fixedAt(NOW));
    }

    private static CustomerFields fields(String name, String domain) {
        return new CustomerFields(name, domain, BigDecimal.ZERO, null, null, null, null, null, null, Map.of());
    }

    /** A row valid as a create and as an update. */
    private static ImportRow row(int index, String name, String domain) {
        CustomerFields fields = fields(name, domain);
        return new ImportRow(index, null, null, fields, List.of(), fields, Set.of(), List.of());
    }

    private static ImportJobStarted started(ImportOptions options, List<ImportRow> rows) {
        return new ImportJobStarted(JOB, WS, options, rows, NOW);
    }

    @Test
    void startsAJobWithItsRowsAndQueuesIt() {
        List<ImportRow> rows = List.of(row(0, "Acme", "acme.com"));
        fixture.givenNoPriorActivity()
                .when(new StartImport(JOB, WS, ImportOptions.DEFAULTS, rows), MetaData.with(MetadataKeys.TRACE_ID, "trace-1"))
                .expectEvents(started(ImportOptions.DEFAULTS, rows));
        assertThat(queue.queued).containsExactly(JOB + " " + WS + " trace-1");
    }

    @Test
    void refusesMoreThanAThousandRows() {
        List<ImportRow> rows = IntStream.range(0, 1001).mapToObj(i -> row(i, "C" + i, "c" + i + ".com")).toList();
        fixture.givenNoPriorActivity()
                .when(new StartImport(JOB, WS, ImportOptions.DEFAULTS, rows))
                .expectNoEvents()
                .expectException(rejection(Kind.INVALID, "too_many_rows", "customers"));
    }

    @Test
    void importsChunkByChunkAndCompletesOnce() {
        List<ImportRow> rows = IntStream.range(0, 1000).mapToObj(i -> row(i, "C" + i, "c" + i + ".com")).toList();
        ImportJobStarted started = started(ImportOptions.DEFAULTS, rows);
        fixture.given(started)
                .when(new ImportNextRows(JOB, WS))
                .expectResultMessagePayload(true)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(p -> p instanceof ImportRowsProcessed r && r.fromRow() == 0 && r.toRow() == ImportJob.CHUNK
                                && r.outcomes().stream().allMatch(o -> o.result().equals(RowOutcome.CREATED))),
                        andNoMore())));
        assertThat(customers.created).hasSize(ImportJob.CHUNK);
        // the chunk's claims are made in one go, for the ids its creates then use
        assertThat(customers.reservations).hasSize(1);
        assertThat(customers.reservations.get(0)).hasSize(ImportJob.CHUNK)
                .containsEntry("c0.com", customers.created.get(0).customerId());

        ImportRowsProcessed first = processed(0, 250, created(0, 250));
        ImportRowsProcessed second = processed(250, 500, created(250, 500));
        customers.created.clear();
        // chunks stored before the chunk grew (250 rows) are gone on from where they ended
        fixture.given(started, first, second)
                .when(new ImportNextRows(JOB, WS))
                .expectResultMessagePayload(false)
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        predicate(p -> p instanceof ImportRowsProcessed r && r.fromRow() == 500 && r.toRow() == 1000),
                        predicate(p -> p.equals(new ImportJobCompleted(JOB, WS, 1000, 1000, 0, 0, 0, NOW))),
                        andNoMore())));
        assertThat(customers.created).hasSize(500);
        assertThat(customers.created.get(0).fields().name()).isEqualTo("C500");
        assertThat(queue.dequeued).containsExactly(JOB);

        // a chunk sent again after the job completed (a runner resuming after a crash) imports nothing
        customers.created.clear();
        fixture.given(started, first, second, processed(500, 1000, created(500, 1000)),
                        new ImportJobCompleted(JOB, WS, 1000, 1000, 0, 0, 0, NOW))
                .when(new ImportNextRows(JOB, WS))
                .expectResultMessagePayload(false)
                .expectNoEvents();
        assertThat(customers.created).isEmpty();
    }

    @Test
    void failsAtItsNextChunkWithAMessageThatQuotesNoRowThenImportsNothingMore() {
        List<ImportRow> rows = IntStream.range(0, 1000).mapToObj(i -> row(i, "Secret " + i, "s" + i + ".com")).toList();
        ImportJobStarted started = started(ImportOptions.DEFAULTS, rows);
        ImportRowsProcessed first = processed(0, 500, created(0, 500));
        String message = "The import stopped: rows 500 to 999 could not be imported after 5 attempts, for a reason on "
                + "the server's side (not a bad row). The rows before 500 are imported; import the rows from 500 on again.";
        ImportJobFailed failed = new ImportJobFailed(JOB, WS, 500, 5, "chunk_failed", message, NOW);
        fixture.given(started, first)
                .when(new FailImport(JOB, WS, 5))
                .expectEvents(failed);
        assertThat(message).doesNotContain("Secret", "s500.com");
        assertThat(queue.dequeued).containsExactly(JOB);

        // a chunk sent after the failure (a runner that still held the job) imports nothing; a second failure is none
        fixture.given(started, first, failed)
                .when(new ImportNextRows(JOB, WS))
                .expectResultMessagePayload(false)
                .expectNoEvents();
        fixture.given(started, first, failed)
                .when(new FailImport(JOB, WS, 6))
                .expectNoEvents();
        assertThat(customers.created).isEmpty();
    }

    @Test
    void aCompletedJobIsNotFailedAfterwards() {
        List<ImportRow> rows = List.of(row(0, "Acme", "acme.com"));
        fixture.given(started(ImportOptions.DEFAULTS, rows), processed(0, 1, created(0, 1)),
                        new ImportJobCompleted(JOB, WS, 1, 1, 0, 0, 0, NOW))
                .when(new FailImport(JOB, WS, 5))
                .expectNoEvents();
        fixture.given(started(ImportOptions.DEFAULTS, rows))
                .when(new FailImport(JOB, "wsp_other", 5))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
    }

    @Test
    void anotherWorkspacesJobDoesNotExist() {
        fixture.given(started(ImportOptions.DEFAULTS, List.of(row(0, "Acme", "acme.com"))))
                .when(new ImportNextRows(JOB, "wsp_other"))
                .expectNoEvents()
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
    }

    @Test
    void conflictsAreSkippedOverwrittenOrReportedAndBadRowsFailAlone() {
        customers.domains.put("acme.com", "cus_acme");
        RowError required = new RowError(2, "name", "required", "name is required");
        ImportRow invalidAsCreate = new ImportRow(2, null, null, null, List.of(required),
                new CustomerFields(null, "new.com", null, null, null, null, null, null, null, null), Set.of(), List.of());
        List<ImportRow> rows = List.of(row(0, "Acme 2", "acme.com"), row(1, "Globex", "globex.com"), invalidAsCreate);

        fixture.given(started(new ImportOptions("create", "skip", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.outcomes().equals(List.of(new RowOutcome(0, "skipped", "cus_acme"),
                        new RowOutcome(1, "created", customers.domains.get("globex.com")), new RowOutcome(2, "failed", null)))
                        && r.errors().equals(List.of(required))), predicate(p -> p instanceof ImportJobCompleted), andNoMore())));

        customers.domains.remove("globex.com");
        fixture.given(started(new ImportOptions("create", "fail", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.errors().get(0).equals(RowError.conflict(0, "email_domain", "duplicate_email_domain", "cus_acme"))
                        && !r.errors().get(0).message().contains("acme.com")
                        && r.outcomes().get(0).equals(new RowOutcome(0, "failed", "cus_acme"))),
                        predicate(p -> true), andNoMore())));
        assertThat(named).as("the jobs an erasure of the customer finds").contains("cus_acme");

        customers.domains.remove("globex.com");
        fixture.given(started(new ImportOptions("create", "overwrite", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.outcomes().get(0).equals(new RowOutcome(0, "updated", "cus_acme"))), predicate(p -> true), andNoMore())));
        assertThat(customers.updated).extracting(UpdateCustomer::customerId).containsExactly("cus_acme");

        // update mode: the row without a match is not_found; the one invalid as a create updates nothing either
        customers.updated.clear();
        customers.domains.remove("globex.com");
        fixture.given(started(new ImportOptions("update", "fail", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.outcomes().get(0).result().equals("updated")
                        && r.errors().equals(List.of(
                        RowError.of(1, "email_domain", "not_found"), RowError.of(2, "email_domain", "not_found")))),
                        predicate(p -> true), andNoMore())));
    }

    /** API.md: a row matching an existing customer is a conflict in create_or_update mode too, resolved as asked. */
    @Test
    void inCreateOrUpdateModeAMatchIsAConflictResolvedAsAsked() {
        customers.domains.put("acme.com", "cus_acme");
        List<ImportRow> rows = List.of(row(0, "Acme 2", "acme.com"), row(1, "Globex", "globex.com"));

        fixture.given(started(new ImportOptions("create_or_update", "skip", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.outcomes().equals(List.of(new RowOutcome(0, "skipped", "cus_acme"),
                        new RowOutcome(1, "created", customers.domains.get("globex.com"))))),
                        predicate(p -> p instanceof ImportJobCompleted), andNoMore())));
        assertThat(customers.updated).isEmpty();

        customers.domains.remove("globex.com");
        fixture.given(started(new ImportOptions("create_or_update", "fail", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.errors().equals(List.of(RowError.conflict(0, "email_domain", "duplicate_email_domain", "cus_acme")))
                        && r.outcomes().get(1).result().equals("created")), predicate(p -> true), andNoMore())));
        assertThat(customers.updated).isEmpty();

        customers.domains.remove("globex.com");
        fixture.given(started(new ImportOptions("create_or_update", "overwrite", "email_domain"), rows))
                .when(new ImportNextRows(JOB, WS))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                        && r.outcomes().get(0).equals(new RowOutcome(0, "updated", "cus_acme"))), predicate(p -> true), andNoMore())));
        assertThat(customers.updated).extracting(UpdateCustomer::customerId).containsExactly("cus_acme");
    }

    /**
     * Two imports of the same new domains at once: the one whose claim loses finds the other's customer only when it
     * creates. The row is then the conflict it would have been, resolved as asked, not a duplicate failure.
     */
    @Test
    void aDomainClaimedByAnotherImportSinceTheLookupIsAConflictResolvedAsAsked() {
        customers.domains.put("acme.com", "cus_other_import");
        customers.claimedAfterLookup.add("acme.com");
        List<ImportRow> rows = List.of(row(0, "Acme", "acme.com"));

        for (String resolution : List.of("skip", "overwrite", "fail")) {
            customers.updated.clear();
            RowOutcome expected = switch (resolution) {
                case "skip" -> new RowOutcome(0, "skipped", "cus_other_import");
                case "overwrite" -> new RowOutcome(0, "updated", "cus_other_import");
                default -> new RowOutcome(0, "failed", "cus_other_import");
            };
            fixture.given(started(new ImportOptions("create_or_update", resolution, "email_domain"), rows))
                    .when(new ImportNextRows(JOB, WS))
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                            && r.outcomes().equals(List.of(expected)) && r.errors().equals(resolution.equals("fail")
                            ? List.of(RowError.conflict(0, "email_domain", "duplicate_email_domain", "cus_other_import"))
                            : List.of())), predicate(p -> p instanceof ImportJobCompleted), andNoMore())));
            assertThat(customers.updated).hasSize(resolution.equals("overwrite") ? 1 : 0);
        }
    }

    /** A row its matched customer refuses as an update names that customer: it holds its values (GDPR erasure). */
    @Test
    void aRowRefusedAsAnUpdateNamesTheCustomerItMatched() {
        customers.domains.put("acme.com", "cus_acme");
        customers.refusedUpdates.put("cus_acme", "renewal_date_in_past");

        for (ImportOptions options : List.of(new ImportOptions("update", "fail", "email_domain"),
                new ImportOptions("create_or_update", "overwrite", "email_domain"))) {
            named.clear();
            fixture.given(started(options, List.of(row(0, "Acme", "acme.com"))))
                    .when(new ImportNextRows(JOB, WS))
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(predicate(p -> p instanceof ImportRowsProcessed r
                            && r.outcomes().equals(List.of(new RowOutcome(0, "failed", "cus_acme")))
                            && r.errors().equals(List.of(RowError.of(0, "renewal_date", "renewal_date_in_past")))),
                            predicate(p -> p instanceof ImportJobCompleted), andNoMore())));
            assertThat(named).containsExactly("cus_acme");
        }
    }

    /** A matched row whose values the customer already holds writes no event: skipped, in every mode that updates. */
    @Test
    void aMatchedRowThatChangesNothingIsSkippedNotUpdated() {
        customers.domains.put("acme.com", "cus_acme");
        customers.domains.put("globex.com", "cus_globex");
        customers.unchanged.add("cus_acme");
        List<ImportRow> rows = List.of(row(0, "Acme", "acme.com"), row(1, "Globex Renamed", "globex.com"));

        for (ImportOptions options : List.of(new ImportOptions("create", "overwrite", "email_domain"),
                new ImportOptions("update", "fail", "email_domain"),
                new ImportOptions("create_or_update", "overwrite", "email_domain"))) {
            fixture.given(started(options, rows))
                    .when(new ImportNextRows(JOB, WS))
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(
                            predicate(p -> p instanceof ImportRowsProcessed r && r.outcomes().equals(List.of(
                                    new RowOutcome(0, "skipped", "cus_acme"), new RowOutcome(1, "updated", "cus_globex")))),
                            predicate(p -> p instanceof ImportJobCompleted c && c.updated() == 1 && c.skipped() == 1),
                            andNoMore())));
        }
    }

    private static List<RowOutcome> created(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new RowOutcome(i, RowOutcome.CREATED, "cus_" + i)).toList();
    }

    private static ImportRowsProcessed processed(int from, int to, List<RowOutcome> outcomes) {
        return new ImportRowsProcessed(JOB, WS, from, to, outcomes, List.of(), NOW);
    }

    /** Customers as the claims would hold them: one per email domain. */
    static final class FakeCustomers implements CustomerWrites {

        final Map<String, String> domains = new LinkedHashMap<>();
        final List<CreateCustomer> created = new ArrayList<>();
        final List<UpdateCustomer> updated = new ArrayList<>();
        /** Customers that already hold whatever a row sets: their update changes nothing. */
        final Set<String> unchanged = new HashSet<>();
        /** Domains claimed by another import after the chunk looked their holders up: the lookup misses them. */
        final Set<String> claimedAfterLookup = new HashSet<>();
        /** Customers whose update their aggregate refuses, with the code it refuses with. */
        final Map<String, String> refusedUpdates = new HashMap<>();

        final List<Map<String, String>> reservations = new ArrayList<>();

        @Override
        public Map<String, String> holdersOfEmailDomains(String workspaceId, Collection<String> emailDomains) {
            Map<String, String> holders = new HashMap<>(domains);
            holders.keySet().retainAll(emailDomains);
            holders.keySet().removeAll(claimedAfterLookup);
            return holders;
        }

        @Override
        public Set<String> existing(String workspaceId, Collection<String> customerIds) {
            return customerIds.stream().filter(domains::containsValue).collect(Collectors.toSet());
        }

        @Override
        public void reserveEmailDomains(String workspaceId, Map<String, String> customerIdByDomain) {
            reservations.add(customerIdByDomain);
        }

        @Override
        public void create(CreateCustomer command) {
            String holder = domains.get(command.fields().emailDomain());
            if (holder != null) {
                throw DomainRejection.conflict("duplicate_email_domain", "A customer with email_domain '"
                        + command.fields().emailDomain() + "' already exists: " + holder, Map.of("existing_id", holder));
            }
            domains.put(command.fields().emailDomain(), command.customerId());
            created.add(command);
        }

        @Override
        public Written update(UpdateCustomer command) {
            String refusal = refusedUpdates.get(command.customerId());
            if (refusal != null) {
                throw DomainRejection.unprocessable(refusal, "renewal_date", "refused");
            }
            updated.add(command);
            return unchanged.contains(command.customerId()) ? new Written(1, false) : new Written(2, true);
        }
    }

    static final class FakeQueue implements ImportQueue {

        final List<String> queued = new ArrayList<>();
        final List<String> dequeued = new ArrayList<>();

        @Override
        public void enqueue(String jobId, String workspaceId, String traceId) {
            queued.add(jobId + " " + workspaceId + " " + traceId);
        }

        @Override
        public void dequeue(String jobId) {
            dequeued.add(jobId);
        }
    }
}
