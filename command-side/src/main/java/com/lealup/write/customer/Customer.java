package com.lealup.write.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import com.lealup.api.DomainRejection;
import com.lealup.api.Written;
import com.lealup.write.AggregateVersions;
import com.lealup.api.customer.AddContact;
import com.lealup.api.customer.ContactAdded;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactRemoved;
import com.lealup.api.customer.ContactUpdated;
import com.lealup.api.customer.CreateCustomer;
import com.lealup.api.customer.CustomerCreated;
import com.lealup.api.customer.CustomerDeleted;
import com.lealup.api.customer.CustomerErased;
import com.lealup.api.customer.CustomerFields;
import com.lealup.api.customer.CustomerLifecycle;
import com.lealup.api.customer.CustomerPurged;
import com.lealup.api.customer.CustomerRestored;
import com.lealup.api.customer.CustomerUpdated;
import com.lealup.api.customer.DeleteCustomer;
import com.lealup.api.customer.EraseCustomer;
import com.lealup.api.customer.PurgeCustomer;
import com.lealup.api.customer.RemoveContact;
import com.lealup.api.customer.RestoreCustomer;
import com.lealup.api.customer.UpdateContact;
import com.lealup.api.customer.UpdateCustomer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer of a workspace and its contacts. Guards what needs the customer's own history: workspace
 * ownership (another workspace's customer does not exist), the trash lifecycle, versions for If-Match,
 * contact email uniqueness. Rules that span customers (email domain uniqueness, known owners and
 * segments) go through {@link CustomerDirectory} in the command's transaction. Every handler but purge and erasure
 * answers the customer's new version, which the API waits for in the read model (read-your-writes). Its data key
 * ({@link CustomerKeys}) is created with it, before its first event is sealed with it, and destroyed by the erasure.
 */
@Aggregate
class Customer {

    @AggregateIdentifier
    private String customerId;
    private String workspaceId;
    private CurrentFields current;
    private boolean deleted;
    private Instant purgeAfter;
    /** Live contacts by id. */
    private final Map<String, CurrentContact> contacts = new HashMap<>();

    Customer() {
        // for Axon
    }

    @CommandHandler
    Customer(CreateCustomer command, CustomerDirectory directory, CustomerKeys keys, Clock clock) {
        CustomerFields fields = command.fields();
        String ws = command.workspaceId();
        String ownerId = directory.resolveOwner(ws, fields.ownerId(), command.ownerEmail());
        directory.requireSegment(ws, fields.segmentId());
        requireFutureRenewal(fields.renewalDate(), clock);
        directory.claimEmailDomain(ws, fields.emailDomain(), command.customerId());
        // one insert; left to the event format, the key would cost a lookup first (it cannot know the customer is new)
        keys.create(List.of(command.customerId()));
        CustomerFields initial = new CustomerFields(fields.name(), fields.emailDomain(), fields.arr(),
                Objects.requireNonNullElse(fields.currency(), CustomerLifecycle.DEFAULT_CURRENCY),
                Objects.requireNonNullElse(fields.status(), CustomerLifecycle.DEFAULT_STATUS), ownerId,
                fields.segmentId(), fields.renewalDate(),
                Objects.requireNonNullElse(fields.forecastCategory(), CustomerLifecycle.DEFAULT_FORECAST_CATEGORY),
                withoutNulls(fields.customFields()));
        apply(new CustomerCreated(command.customerId(), ws, initial, clock.instant()));
    }

    /**
     * Answers the version after it and whether it changed the customer. Without If-Match a concurrent update of other
     * fields is never lost: we apply a diff.
     */
    @CommandHandler
    Written handle(UpdateCustomer command, CustomerDirectory directory, Clock clock) {
        requireLive(command.workspaceId());
        AggregateVersions.require(command.expectedVersion());
        CustomerFields changes = command.changes();
        String ws = workspaceId;
        // the owner the customer has already is no change, so not looked up again: a client sending back the
        // customer it read keeps an owner deactivated since
        String requestedOwnerId = Objects.equals(changes.ownerId(), current.fields().ownerId()) ? null
                : changes.ownerId();
        String ownerId = directory.resolveOwner(ws, requestedOwnerId, command.ownerEmail());
        directory.requireSegment(ws, changes.segmentId());
        // what the customer holds already is no change: a PATCH that repeats it writes no event
        CustomerFields effective = current.changedBy(new CustomerFields(changes.name(), changes.emailDomain(),
                changes.arr(), changes.currency(), changes.status(), ownerId, changes.segmentId(),
                changes.renewalDate(), changes.forecastCategory(), changes.customFields()));
        Set<String> cleared = current.clearing(command.cleared());
        requireFutureRenewal(effective.renewalDate(), clock);
        requireCustomFieldsWithinLimit(effective);
        if (effective.emailDomain() != null) {
            directory.claimEmailDomain(ws, effective.emailDomain(), customerId);
            directory.releaseEmailDomain(ws, current.fields().emailDomain(), customerId);
        }
        if (effective.changesNothing() && cleared.isEmpty()) {
            return AggregateVersions.written(false);
        }
        apply(new CustomerUpdated(customerId, ws, effective, cleared, clock.instant()));
        return AggregateVersions.written(true);
    }

    @CommandHandler
    long handle(DeleteCustomer command, Clock clock) {
        requireLive(command.workspaceId());
        Instant now = clock.instant();
        apply(new CustomerDeleted(customerId, workspaceId, now, now.plus(CustomerLifecycle.TRASH_RETENTION)));
        return AggregateVersions.current();
    }

    @CommandHandler
    long handle(RestoreCustomer command, Clock clock) {
        requireWorkspace(command.workspaceId());
        if (!deleted) {
            throw DomainRejection.conflict("not_deleted", "Customer '" + customerId + "' is not in the trash", Map.of());
        }
        // past its retention the customer is due for the purge, which the sweep only has not run yet: gone, as after it
        if (purgeAfter != null && !clock.instant().isBefore(purgeAfter)) {
            throw DomainRejection.notFound(customerId);
        }
        apply(new CustomerRestored(customerId, workspaceId, clock.instant()));
        return AggregateVersions.current();
    }

    /** The trash purge is the GDPR erasure of a customer whose retention in the trash is over. */
    @CommandHandler
    void handle(PurgeCustomer command, CustomerDirectory directory, PendingImports imports, CustomerKeys keys,
                Clock clock) {
        requireWorkspace(command.workspaceId());
        Instant now = clock.instant();
        if (!deleted || now.isBefore(purgeAfter)) {
            throw DomainRejection.conflict("not_purgeable",
                    "Customer '" + customerId + "' is not in the trash past its retention", Map.of());
        }
        erase(CustomerErased.RETENTION_OVER, directory, imports, keys, now);
    }

    /** GDPR erasure, live or in the trash; answers the version the read model shows once it forgot the customer. */
    @CommandHandler
    long handle(EraseCustomer command, CustomerDirectory directory, PendingImports imports, CustomerKeys keys,
                Clock clock) {
        requireWorkspace(command.workspaceId());
        erase(CustomerErased.ON_REQUEST, directory, imports, keys, clock.instant());
        keys.awaitDestroyedEverywhere();
        return AggregateVersions.current();
    }

    /**
     * Destroys the customer's data key in the command's transaction, with the event that says so: once committed, no
     * stored event of the customer can be read with its personal data. The rest of the erasure follows the event.
     * An import still to run that names the customer comes first (a purge is tried again at the next sweep).
     */
    private void erase(String reason, CustomerDirectory directory, PendingImports imports, CustomerKeys keys,
                       Instant now) {
        imports.requireNoneNaming(workspaceId, customerId, current.fields().emailDomain());
        directory.releaseEmailDomain(workspaceId, current.fields().emailDomain(), customerId);
        apply(new CustomerErased(customerId, workspaceId, reason, now));
        keys.destroy(customerId);
    }

    @CommandHandler
    long handle(AddContact command, Clock clock) {
        requireLive(command.workspaceId());
        requireUniqueContactEmail(command.contactId(), command.fields().email());
        apply(new ContactAdded(customerId, workspaceId, command.contactId(), command.fields(), clock.instant()));
        return AggregateVersions.current();
    }

    /** Answers the version after it and whether it changed the contact. */
    @CommandHandler
    Written handle(UpdateContact command, Clock clock) {
        requireLive(command.workspaceId());
        AggregateVersions.require(command.expectedVersion());
        CurrentContact contact = requireContact(command.contactId());
        // what the contact holds already is no change: a PATCH that repeats it writes no event
        ContactFields effective = contact.changedBy(command.changes());
        Set<String> cleared = contact.clearing(command.cleared());
        if (effective.email() != null) {
            requireUniqueContactEmail(command.contactId(), effective.email());
        }
        if (effective.changesNothing() && cleared.isEmpty()) {
            return AggregateVersions.written(false);
        }
        apply(new ContactUpdated(customerId, workspaceId, command.contactId(), effective, cleared, clock.instant()));
        return AggregateVersions.written(true);
    }

    @CommandHandler
    long handle(RemoveContact command, Clock clock) {
        requireLive(command.workspaceId());
        requireContact(command.contactId());
        apply(new ContactRemoved(customerId, workspaceId, command.contactId(), clock.instant()));
        return AggregateVersions.current();
    }

    @EventSourcingHandler
    void on(CustomerCreated event) {
        customerId = event.customerId();
        workspaceId = event.workspaceId();
        current = new CurrentFields(event.fields());
    }

    @EventSourcingHandler
    void on(CustomerUpdated event) {
        current = current.apply(event.changes(), event.cleared());
    }

    @EventSourcingHandler
    void on(CustomerDeleted event) {
        deleted = true;
        purgeAfter = event.purgeAfter();
    }

    @EventSourcingHandler
    void on(CustomerRestored event) {
        deleted = false;
        purgeAfter = null;
    }

    @EventSourcingHandler
    void on(CustomerPurged event) {
        markDeleted();
    }

    @EventSourcingHandler
    void on(CustomerErased event) {
        markDeleted();
    }

    @EventSourcingHandler
    void on(ContactAdded event) {
        contacts.put(event.contactId(), new CurrentContact(event.fields()));
    }

    @EventSourcingHandler
    void on(ContactUpdated event) {
        contacts.computeIfPresent(event.contactId(), (id, contact) -> contact.apply(event.changes(), event.cleared()));
    }

    @EventSourcingHandler
    void on(ContactRemoved event) {
        contacts.remove(event.contactId());
    }

    /** Of the workspace, and neither in the trash nor purged nor erased: what {@link #requireLive} requires. */
    boolean isLiveIn(String callerWorkspaceId) {
        return workspaceId.equals(callerWorkspaceId) && !deleted;
    }

    /** Another workspace's customer is indistinguishable from a missing one. */
    private void requireWorkspace(String callerWorkspaceId) {
        if (!workspaceId.equals(callerWorkspaceId)) {
            throw DomainRejection.notFound(customerId);
        }
    }

    private void requireLive(String callerWorkspaceId) {
        if (!isLiveIn(callerWorkspaceId)) {
            throw DomainRejection.notFound(customerId);
        }
    }

    private CurrentContact requireContact(String contactId) {
        CurrentContact contact = contacts.get(contactId);
        if (contact == null) {
            throw DomainRejection.notFound(contactId);
        }
        return contact;
    }

    private void requireUniqueContactEmail(String contactId, String email) {
        String normalised = CurrentContact.normalised(email);
        contacts.entrySet().stream()
                .filter(e -> e.getValue().normalisedEmail().equals(normalised) && !e.getKey().equals(contactId))
                .findFirst()
                .ifPresent(e -> {
                    throw DomainRejection.conflict("duplicate_contact_email",
                            "Customer '" + customerId + "' already has a contact with email '" + email + "'",
                            Map.of("existing_id", e.getKey()));
                });
    }

    /**
     * A request holds at most {@value CustomerLifecycle#MAX_CUSTOM_FIELDS} custom fields (the API's 400); merged into the
     * customer's, they must not grow it past that either. A customer stored with more (by a version without this
     * rule) keeps them, and may remove some.
     */
    private void requireCustomFieldsWithinLimit(CustomerFields effective) {
        if (effective.customFields() == null) {
            return;
        }
        int holding = current.fields().customFields().size();
        int after = current.apply(effective, Set.of()).fields().customFields().size();
        if (after > CustomerLifecycle.MAX_CUSTOM_FIELDS && after > holding) {
            throw DomainRejection.unprocessable("too_many_custom_fields", "custom_fields",
                    "custom_fields would hold " + after + " keys with the customer's " + holding + "; at most "
                            + CustomerLifecycle.MAX_CUSTOM_FIELDS);
        }
    }

    private static void requireFutureRenewal(LocalDate renewalDate, Clock clock) {
        if (renewalDate != null && renewalDate.isBefore(LocalDate.now(clock))) {
            throw DomainRejection.unprocessable("renewal_date_in_past", "renewal_date",
                    "renewal_date " + renewalDate + " is in the past");
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> fields) {
        Map<String, Object> result = new HashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> {
                if (v != null) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }
}
