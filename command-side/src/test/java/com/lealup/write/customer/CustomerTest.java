package com.lealup.write.customer;

import static com.lealup.write.RejectionMatcher.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.DomainRejection;
import com.lealup.api.DomainRejection.Kind;
import com.lealup.api.Written;
import com.lealup.api.customer.AddContact;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactRemoved;
import com.lealup.api.customer.ContactUpdated;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.customer.DeleteCustomer;
import com.lealup.api.customer.EraseCustomer;
import com.lealup.api.customer.PurgeCustomer;
import com.lealup.api.customer.RemoveContact;
import com.lealup.api.customer.RestoreCustomer;
import com.lealup.api.customer.UpdateContact;
import com.lealup.api.customer.UpdateCustomer;
import com.lealup.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final String WS = "wsp_1";
    private static final String ID = "cus_1";
    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");

    private InMemoryCustomerDirectory directory;
    private InMemoryCustomerKeys keys;
    private TestClock clock;
    /** {@code workspace/domain} of the customers a queued import names. */
    private final Set<String> pendingImportNames = new HashSet<>();

    @BeforeEach
    void setUp() {
        pendingImportNames.clear();
        directory = new InMemoryCustomerDirectory();
        keys = new InMemoryCustomerKeys();
        clock = TestClock.fixedAt(NOW);
    }

    /** A fresh fixture per scenario, sharing the directory and clock of the test. */
    private AggregateTestFixture<Customer> fixture() {
        AggregateTestFixture<Customer> fixture = new AggregateTestFixture<>(Customer.class);
        fixture.registerInjectableResource(directory);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource((PendingImports) (workspaceId, customerId, emailDomain) -> {
            if (pendingImportNames.contains(workspaceId + "/" + emailDomain)) {
                throw DomainRejection.conflict("import_in_progress", "an import names it", Map.of("job_id", "job_1"));
            }
        });
        return fixture;
    }

    private static CustomerFields acme() {
        return new CustomerFields("Acme Corp", "acme.com", new BigDecimal("145000"), "USD", "active", null, null,
                LocalDate.parse("2027-06-15"), "pipeline", Map.of("tier", "Platinum"));
    }

    private static CustomerCreated created() {
        return new CustomerCreated(ID, WS, acme(), NOW);
    }

    private static CustomerFields changes(BigDecimal arr, LocalDate renewal) {
        return new CustomerFields(null, null, arr, null, null, null, null, renewal, null, null);
    }

    @Test
    void createsWithDefaults() {
        CustomerFields minimal = new CustomerFields("Acme", "acme.com", BigDecimal.ZERO, null, null, null, null, null,
                null, null);
        fixture().givenNoPriorActivity()
                .when(new CreateCustomer(ID, WS, minimal, null))
                .expectEvents(new CustomerCreated(ID, WS, new CustomerFields("Acme", "acme.com", BigDecimal.ZERO, "USD",
                        "active", null, null, null, "pipeline", Map.of()), NOW));
        assertThat(directory.domains).containsEntry(WS + "/acme.com", ID);
        assertThat(keys.created).as("its data key is made with it").containsExactly(ID);
    }

    @Test
    void resolvesTheOwnerByEmail() {
        directory.usersByEmail.put("ana@lealup.com", "usr_ana");
        CustomerFields fields = acme();
        fixture().givenNoPriorActivity()
                .when(new CreateCustomer(ID, WS, fields, "ana@lealup.com"))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        Matchers.predicate(e -> ((CustomerCreated) e).fields().ownerId().equals("usr_ana")),
                        Matchers.andNoMore())));
    }

    @Test
    void rejectsAnUnknownOwner() {
        fixture().givenNoPriorActivity()
                .when(new CreateCustomer(ID, WS, acme(), "nobody@lealup.com"))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_owner", "owner_email"))
                .expectExceptionMessage("unknown")
                .expectNoEvents();
    }

    @Test
    void rejectsARenewalDateInThePast() {
        CustomerFields past = new CustomerFields("Acme", "acme.com", BigDecimal.ONE, null, null, null, null,
                LocalDate.parse("2026-11-25"), null, null);
        fixture().givenNoPriorActivity()
                .when(new CreateCustomer(ID, WS, past, null))
                .expectException(rejection(Kind.UNPROCESSABLE, "renewal_date_in_past", "renewal_date"))
                .expectExceptionMessage("renewal_date 2026-11-25 is in the past")
                .expectNoEvents();
        assertThat(directory.domains).isEmpty();
    }

    @Test
    void acceptsARenewalToday() {
        CustomerFields today = new CustomerFields("Acme", "acme.com", BigDecimal.ONE, null, null, null, null,
                LocalDate.parse("2026-11-26"), null, null);
        fixture().givenNoPriorActivity().when(new CreateCustomer(ID, WS, today, null)).expectSuccessfulHandlerExecution();
    }

    @Test
    void rejectsADuplicateEmailDomain() {
        directory.domains.put(WS + "/acme.com", "cus_other");
        fixture().givenNoPriorActivity()
                .when(new CreateCustomer(ID, WS, acme(), null))
                .expectException(rejection(Kind.CONFLICT, "duplicate_email_domain"))
                .expectNoEvents();
    }

    @Test
    void rejectsAnUnknownSegment() {
        CustomerFields fields = new CustomerFields("Acme", "acme.com", BigDecimal.ONE, null, null, null, "seg_x", null,
                null, null);
        fixture().givenNoPriorActivity()
                .when(new CreateCustomer(ID, WS, fields, null))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_segment", "segment_id"))
                .expectNoEvents();
    }

    @Test
    void updatesOnlyWhatChangesAndAnswersTheNewVersion() {
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, null, changes(new BigDecimal("180000"), null), Set.of(), null))
                .expectEvents(new CustomerUpdated(ID, WS, changes(new BigDecimal("180000"), null), Set.of(), NOW))
                .expectResultMessagePayload(new Written(2, true));
    }

    @Test
    void anEmptyUpdateChangesNothing() {
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, null, changes(null, null), Set.of(), null))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(1, false));
    }

    @Test
    void anUpdateRecordsOnlyWhatChangesAndOneThatRepeatsTheCustomerWritesNothing() {
        CustomerFields same = new CustomerFields("Acme Corp", "acme.com", new BigDecimal("145000.00"), "USD", "active",
                null, null, LocalDate.parse("2027-06-15"), "pipeline", Map.of("tier", "Platinum"));
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, null, same, Set.of(CustomerFields.OWNER_ID), null))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(1, false));
        Map<String, Object> custom = new java.util.HashMap<>();
        custom.put("tier", "Platinum");
        custom.put("seats", 40);
        custom.put("gone", null);
        CustomerFields mixed = new CustomerFields("Acme Corp", null, new BigDecimal("150000"), null, "active", null,
                null, null, null, custom);
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, null, mixed, Set.of(), null))
                .expectEvents(new CustomerUpdated(ID, WS, new CustomerFields(null, null, new BigDecimal("150000"), null,
                        null, null, null, null, null, Map.of("seats", 40)), Set.of(), NOW))
                .expectResultMessagePayload(new Written(2, true));
        // a value set by an earlier update, repeated; a renewal date now past, repeated, is no change either
        clock.advance(java.time.Duration.ofDays(400));
        fixture().given(created(), new CustomerUpdated(ID, WS, new CustomerFields(null, null, null, null, null, null,
                        null, null, null, Map.of("seats", 40L)), Set.of(), NOW))
                .when(new UpdateCustomer(ID, WS, null, new CustomerFields(null, null, null, null, null, null, null,
                        LocalDate.parse("2027-06-15"), null, Map.of("seats", 40.0)), Set.of(), null))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
    }

    @Test
    void honoursIfMatch() {
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, 1L, changes(BigDecimal.TEN, null), Set.of(), null))
                .expectSuccessfulHandlerExecution();
        fixture().given(created(), new CustomerUpdated(ID, WS, changes(BigDecimal.ONE, null), Set.of(), NOW))
                .when(new UpdateCustomer(ID, WS, 1L, changes(BigDecimal.TEN, null), Set.of(), null))
                .expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch"))
                .expectExceptionMessage("The resource is at version 2, not 1")
                .expectNoEvents();
    }

    /** A contact's ETag is its customer's version: If-Match on a contact names that. */
    @Test
    void aContactsUpdateHonoursIfMatchOnTheCustomersVersion() {
        ContactFields maria = new ContactFields("Maria", "maria@acme.com", null, false, null);
        ContactFields rename = new ContactFields("Maria P.", null, null, null, null);
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW))
                .when(new UpdateContact(ID, WS, 2L, "con_1", rename, Set.of()))
                .expectEvents(new ContactUpdated(ID, WS, "con_1", rename, Set.of(), NOW))
                .expectResultMessagePayload(new Written(3, true));
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW))
                .when(new UpdateContact(ID, WS, 1L, "con_1", rename, Set.of()))
                .expectException(rejection(Kind.PRECONDITION_FAILED, "version_mismatch"))
                .expectNoEvents();
    }

    @Test
    void theOwnerTheCustomerHasAlreadyIsNotCheckedAgain() {
        // usr_gone owns the customer and has been deactivated since: the directory no longer knows it
        CustomerCreated owned = new CustomerCreated(ID, WS, new CustomerFields("Acme Corp", "acme.com",
                new BigDecimal("145000"), "USD", "active", "usr_gone", null, null, "pipeline", Map.of()), NOW);
        CustomerFields sameOwner = new CustomerFields(null, null, new BigDecimal("5"), null, null, "usr_gone", null,
                null, null, null);
        fixture().given(owned)
                .when(new UpdateCustomer(ID, WS, null, sameOwner, Set.of(), null))
                .expectEvents(new CustomerUpdated(ID, WS, changes(new BigDecimal("5"), null), Set.of(), NOW))
                .expectResultMessagePayload(new Written(2, true));
        CustomerFields otherOwner = new CustomerFields(null, null, null, null, null, "usr_other", null, null, null,
                null);
        fixture().given(owned)
                .when(new UpdateCustomer(ID, WS, null, otherOwner, Set.of(), null))
                .expectException(rejection(Kind.UNPROCESSABLE, "unknown_owner", "owner_id"))
                .expectNoEvents();
    }

    @Test
    void customFieldsMergedIntoTheCustomersStayWithinTheLimit() {
        CustomerCreated sixty = new CustomerCreated(ID, WS, new CustomerFields("Acme Corp", "acme.com",
                BigDecimal.ZERO, "USD", "active", null, null, null, "pipeline", customFields("a", 60)), NOW);
        fixture().given(sixty)
                .when(new UpdateCustomer(ID, WS, null, customFieldChanges(customFields("b", 41)), Set.of(), null))
                .expectException(rejection(Kind.UNPROCESSABLE, "too_many_custom_fields", "custom_fields"))
                .expectExceptionMessage("custom_fields would hold 101 keys with the customer's 60; at most 100")
                .expectNoEvents();
        fixture().given(sixty)
                .when(new UpdateCustomer(ID, WS, null, customFieldChanges(customFields("b", 40)), Set.of(), null))
                .expectSuccessfulHandlerExecution();
        // keys removed in the same update make room; values of keys it holds are no new keys
        Map<String, Object> swap = new java.util.HashMap<>(customFields("b", 41));
        swap.put("a0", null);
        swap.put("a1", "changed");
        fixture().given(sixty)
                .when(new UpdateCustomer(ID, WS, null, customFieldChanges(swap), Set.of(), null))
                .expectSuccessfulHandlerExecution();
        // a customer past the limit from before the rule keeps its keys, may change and remove them, not add one
        CustomerCreated oversized = new CustomerCreated(ID, WS, new CustomerFields("Acme Corp", "acme.com",
                BigDecimal.ZERO, "USD", "active", null, null, null, "pipeline", customFields("a", 120)), NOW);
        fixture().given(oversized)
                .when(new UpdateCustomer(ID, WS, null, customFieldChanges(Map.of("a1", "changed")), Set.of(), null))
                .expectSuccessfulHandlerExecution();
        fixture().given(oversized)
                .when(new UpdateCustomer(ID, WS, null, customFieldChanges(Map.of("new", 1)), Set.of(), null))
                .expectException(rejection(Kind.UNPROCESSABLE, "too_many_custom_fields", "custom_fields"));
    }

    private static Map<String, Object> customFields(String prefix, int count) {
        Map<String, Object> fields = new java.util.HashMap<>();
        for (int i = 0; i < count; i++) {
            fields.put(prefix + i, i);
        }
        return fields;
    }

    private static CustomerFields customFieldChanges(Map<String, Object> customFields) {
        return new CustomerFields(null, null, null, null, null, null, null, null, null, customFields);
    }

    @Test
    void movesTheEmailDomainClaimWhenTheDomainChanges() {
        directory.domains.put(WS + "/acme.com", ID);
        CustomerFields newDomain = new CustomerFields(null, "acme.io", null, null, null, null, null, null, null, null);
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, null, newDomain, Set.of(), null))
                .expectSuccessfulHandlerExecution();
        assertThat(directory.domains).containsOnlyKeys(WS + "/acme.io");
    }

    @Test
    void anotherWorkspaceCannotSeeTheCustomer() {
        fixture().given(created())
                .when(new UpdateCustomer(ID, "wsp_other", null, changes(BigDecimal.TEN, null), Set.of(), null))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectExceptionMessage("Customer 'cus_1' was not found")
                .expectNoEvents();
    }

    @Test
    void rejectsARenewalMovedIntoThePast() {
        fixture().given(created())
                .when(new UpdateCustomer(ID, WS, null, changes(null, LocalDate.parse("2020-01-01")), Set.of(), null))
                .expectException(rejection(Kind.UNPROCESSABLE, "renewal_date_in_past", "renewal_date"))
                .expectNoEvents();
    }

    @Test
    void deletesIntoTheTrashForThirtyDays() {
        fixture().given(created())
                .when(new DeleteCustomer(ID, WS))
                .expectEvents(new CustomerDeleted(ID, WS, NOW, NOW.plus(Duration.ofDays(30))));
    }

    @Test
    void aDeletedCustomerCannotBeChangedButCanBeRestored() {
        CustomerDeleted deleted = new CustomerDeleted(ID, WS, NOW, NOW.plus(Duration.ofDays(30)));
        fixture().given(created(), deleted)
                .when(new UpdateCustomer(ID, WS, null, changes(BigDecimal.TEN, null), Set.of(), null))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectNoEvents();
        fixture().given(created(), deleted)
                .when(new DeleteCustomer(ID, WS))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
        fixture().given(created(), deleted)
                .when(new RestoreCustomer(ID, WS))
                .expectEvents(new CustomerRestored(ID, WS, NOW));
    }

    @Test
    void restoringALiveCustomerIsAConflict() {
        fixture().given(created())
                .when(new RestoreCustomer(ID, WS))
                .expectException(rejection(Kind.CONFLICT, "not_deleted"))
                .expectExceptionMessage("Customer 'cus_1' is not in the trash");
    }

    @Test
    void purgesOnlyAfterTheRetentionAndReleasesTheDomain() {
        directory.domains.put(WS + "/acme.com", ID);
        CustomerDeleted deleted = new CustomerDeleted(ID, WS, NOW, NOW.plus(Duration.ofDays(30)));
        fixture().given(created(), deleted)
                .when(new PurgeCustomer(ID, WS))
                .expectException(rejection(Kind.CONFLICT, "not_purgeable"));
        assertThat(directory.domains).isNotEmpty();

        clock.set(NOW.plus(Duration.ofDays(30)));
        keys.forWriting(ID);
        fixture().given(created(), deleted)
                .when(new PurgeCustomer(ID, WS))
                .expectEvents(new CustomerErased(ID, WS, CustomerErased.RETENTION_OVER, NOW.plus(Duration.ofDays(30))))
                .expectMarkedDeleted();
        assertThat(directory.domains).isEmpty();
        assertThat(keys.destroyed).as("the purge is the erasure: the key goes").containsExactly(ID);
        assertThat(keys.awaitedEverywhere).as("the purge answers no one: it waits for no node's cache").isFalse();
    }

    @Test
    void anErasureDestroysTheKeyAndReleasesTheDomainLiveOrInTheTrash() {
        directory.domains.put(WS + "/acme.com", ID);
        keys.forWriting(ID);
        fixture().given(created())
                .when(new EraseCustomer(ID, WS))
                .expectEvents(new CustomerErased(ID, WS, CustomerErased.ON_REQUEST, NOW))
                .expectResultMessagePayload(2L)
                .expectMarkedDeleted();
        assertThat(directory.domains).isEmpty();
        assertThat(keys.destroyed).containsExactly(ID);
        assertThat(keys.forReading(ID)).isEmpty();
        assertThat(keys.awaitedEverywhere).as("its answer waits until no node can use the key").isTrue();

        fixture().given(created(), new CustomerDeleted(ID, WS, NOW, NOW.plus(Duration.ofDays(30))))
                .when(new EraseCustomer(ID, WS))
                .expectEvents(new CustomerErased(ID, WS, CustomerErased.ON_REQUEST, NOW))
                .expectMarkedDeleted();
    }

    /** An import still to run with a row naming the customer holds its data: it ends before the erasure runs. */
    @Test
    void anErasureOrPurgeWaitsForAnImportNamingTheCustomer() {
        directory.domains.put(WS + "/acme.com", ID);
        keys.forWriting(ID);
        pendingImportNames.add(WS + "/acme.com");
        fixture().given(created())
                .when(new EraseCustomer(ID, WS))
                .expectException(rejection(Kind.CONFLICT, "import_in_progress"))
                .expectNoEvents();
        clock.set(NOW.plus(Duration.ofDays(30)));
        fixture().given(created(), new CustomerDeleted(ID, WS, NOW, NOW.plus(Duration.ofDays(30))))
                .when(new PurgeCustomer(ID, WS))
                .expectException(rejection(Kind.CONFLICT, "import_in_progress"))
                .expectNoEvents();
        assertThat(directory.domains).isNotEmpty();
        assertThat(keys.destroyed).isEmpty();
    }

    @Test
    void anotherWorkspaceCannotEraseAndAnErasedCustomerIsGone() {
        fixture().given(created())
                .when(new EraseCustomer(ID, "wsp_other"))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"))
                .expectNoEvents();
        assertThat(keys.destroyed).isEmpty();

        fixture().given(created(), new CustomerErased(ID, WS, CustomerErased.ON_REQUEST, NOW))
                .when(new EraseCustomer(ID, WS))
                .expectException(org.axonframework.eventsourcing.AggregateDeletedException.class);
    }

    @Test
    void aLiveCustomerIsNeverPurged() {
        clock.set(NOW.plus(Duration.ofDays(365)));
        fixture().given(created())
                .when(new PurgeCustomer(ID, WS))
                .expectException(rejection(Kind.CONFLICT, "not_purgeable"))
                .expectNoEvents();
    }

    @Test
    void contactEmailsAreUniquePerCustomerIgnoringCase() {
        ContactFields maria = new ContactFields("Maria Perez", "maria@acme.com", "VP Operations", true, "+56911112222");
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW))
                .when(new AddContact(ID, WS, "con_2", new ContactFields("Other", "MARIA@acme.com", null, null, null)))
                .expectException(rejection(Kind.CONFLICT, "duplicate_contact_email"))
                .expectNoEvents();
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW))
                .when(new AddContact(ID, WS, "con_2", new ContactFields("Juan", "juan@acme.com", null, null, null)))
                .expectEvents(new ContactAdded(ID, WS, "con_2", new ContactFields("Juan", "juan@acme.com", null, null,
                        null), NOW))
                .expectResultMessagePayload(3L);
    }

    @Test
    void aRemovedContactFreesItsEmailAndCannotBeChanged() {
        ContactFields maria = new ContactFields("Maria", "maria@acme.com", null, false, null);
        ContactFields rename = new ContactFields("Maria P.", null, null, null, null);
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW), new ContactRemoved(ID, WS, "con_1", NOW))
                .when(new UpdateContact(ID, WS, null, "con_1", rename, Set.of()))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW), new ContactRemoved(ID, WS, "con_1", NOW))
                .when(new AddContact(ID, WS, "con_2", maria))
                .expectSuccessfulHandlerExecution();
        fixture().given(created(), new ContactAdded(ID, WS, "con_1", maria, NOW))
                .when(new UpdateContact(ID, WS, null, "con_1", rename, Set.of()))
                .expectEvents(new ContactUpdated(ID, WS, "con_1", rename, Set.of(), NOW));
        fixture().given(created())
                .when(new RemoveContact(ID, WS, "con_9"))
                .expectException(rejection(Kind.NOT_FOUND, "not_found"));
    }

    @Test
    void aContactUpdateRecordsOnlyWhatChangesAndOneThatRepeatsTheContactWritesNothing() {
        ContactFields maria = new ContactFields("Maria", "maria@acme.com", "VP", true, null);
        ContactAdded added = new ContactAdded(ID, WS, "con_1", maria, NOW);
        fixture().given(created(), added)
                .when(new UpdateContact(ID, WS, null, "con_1", new ContactFields(null, null, null, null, null), Set.of()))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
        // its own values, and a clearing of a field that holds nothing
        fixture().given(created(), added)
                .when(new UpdateContact(ID, WS, null, "con_1", maria, Set.of(ContactFields.WHATSAPP_NUMBER)))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(2, false));
        fixture().given(created(), added)
                .when(new UpdateContact(ID, WS, null, "con_1", new ContactFields("Maria", null, "CEO", true, "+56911112222"),
                        Set.of(ContactFields.TITLE, ContactFields.WHATSAPP_NUMBER)))
                .expectEvents(new ContactUpdated(ID, WS, "con_1", new ContactFields(null, null, "CEO", null,
                        "+56911112222"), Set.of(ContactFields.TITLE), NOW))
                .expectResultMessagePayload(new Written(3, true));
        // the values an earlier update left, a cleared title included, repeated
        fixture().given(created(), added, new ContactUpdated(ID, WS, "con_1", new ContactFields(null, "m@acme.com",
                        null, false, null), Set.of(ContactFields.TITLE), NOW))
                .when(new UpdateContact(ID, WS, null, "con_1", new ContactFields("Maria", "m@acme.com", null, false, null),
                        Set.of(ContactFields.TITLE)))
                .expectNoEvents()
                .expectResultMessagePayload(new Written(3, false));
    }
}
