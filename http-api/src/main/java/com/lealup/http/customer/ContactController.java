package com.lealup.http.customer;

import com.lealup.http.support.Refusal;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.api.Written;
import com.lealup.api.customer.AddContact;
import com.lealup.api.customer.ContactFields;
import com.lealup.api.customer.ContactList;
import com.lealup.api.customer.ContactView;
import com.lealup.api.customer.FindContact;
import com.lealup.api.customer.ListContacts;
import com.lealup.api.customer.RemoveContact;
import com.lealup.api.customer.UpdateContact;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.RequestJson;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/customers/{id}/contacts}: a customer's contacts. Contacts live in the Customer aggregate. */
@Tag(name = "Contacts")
@RestController
@RequestMapping(path = "/v1/customers/{customerId}/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
class ContactController {

    private final Commands commands;
    private final QueryGateway queries;
    private final CustomerReadModel readModel;
    private final RequestJson requestJson;

    ContactController(Commands commands, QueryGateway queries, CustomerReadModel readModel, RequestJson requestJson) {
        this.commands = commands;
        this.queries = queries;
        this.readModel = readModel;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "listContacts", summary = "A customer's contacts, in the order they were added",
            description = "Paginated with limit and cursor. Another workspace's customer is 404, word for word as a missing one.")
    @GetMapping
    Page<CustomerJson.Contact> list(Caller caller, @PathVariable String customerId,
                                    @RequestParam(required = false) String limit,
                                    @RequestParam(required = false) String cursor) {
        caller.require(CustomerController.READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.byId(Ids.CONTACT));
        ContactList contacts = queries.query(new ListContacts(caller.workspaceId(), customerId, after, pageSize),
                ResponseTypes.optionalInstanceOf(ContactList.class)).join()
                .orElseThrow(() -> ApiException.notFound("Customer", customerId));
        return Pagination.page(contacts.rows(), pageSize, c -> Map.of("id", c.id())).map(CustomerJson.Contact::of);
    }

    @Operation(operationId = "addContact", summary = "Add a contact", description = "whatsapp_number in E.164; an email another contact of the "
            + "customer has is 409. ETag is the customer's version after the write (contacts are part of the customer).")
    @ApiResponse(responseCode = "201", description = "The contact, with Location and ETag")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "duplicate_contact_email", when = "another contact of the customer "
            + "has this email")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerJson.Contact> add(Caller caller, @PathVariable String customerId,
                                             @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                                     content = @Content(schema = @Schema(implementation = ContactRequest.class)))
                                             @RequestBody ObjectNode body) {
        caller.require(CustomerController.WRITE);
        // read as a PATCH is: a field sent as null is refused, and the record alone cannot tell it from an absent one
        PartialBody<ContactRequest> request = requestJson.partial(body, ContactRequest.class);
        ContactFields fields = CustomerInput.contactForCreate(request.value(), request.nulls());
        String contactId = Ids.next(Ids.CONTACT);
        long version = readModel.change(customerId, () -> Written.change(commands.send(caller, new AddContact(
                CustomerController.requireCustomerId(customerId), caller.workspaceId(), contactId, fields))),
                written -> accepted(customerId, contactId, written));
        return ResponseEntity.created(URI.create(location(customerId, contactId))).eTag(ETags.of(version))
                .body(find(caller, customerId, contactId));
    }

    @Operation(operationId = "getContact", summary = "A contact of a customer", description = "Where the Location of its "
            + "creation points. ETag is the customer's version (contacts are part of the customer). A missing, deleted "
            + "or another workspace's customer or contact is 404, alike.")
    @AnswersETag
    @GetMapping("/{contactId}")
    ResponseEntity<CustomerJson.Contact> get(Caller caller, @PathVariable String customerId, @PathVariable String contactId) {
        caller.require(CustomerController.READ);
        ContactView contact = view(caller, CustomerController.requireCustomerId(customerId), contactId);
        return ResponseEntity.ok().eTag(ETags.of(contact.customerVersion())).body(CustomerJson.Contact.of(contact));
    }

    @Operation(operationId = "updateContact", summary = "Update a contact partially", description = "title and whatsapp_number may be cleared with null. "
            + "Only what differs from the contact is recorded: a body that is empty or repeats its values changes "
            + "nothing and keeps the version. ETag is the customer's version after the write (contacts are part of "
            + "the customer). If-Match with that ETag makes the update conditional (412 when the customer has changed "
            + "since).")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "duplicate_contact_email", when = "another contact of the customer "
            + "has this email")
    @PatchMapping(path = "/{contactId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CustomerJson.Contact> update(Caller caller, @PathVariable String customerId, @PathVariable String contactId,
                                @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                        schema = @Schema(implementation = ContactRequest.class)))
                                @RequestBody ObjectNode body,
                                @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.require(CustomerController.WRITE);
        Long expectedVersion = ETags.expectedVersion(ifMatch,
                () -> view(caller, customerId, contactId).customerVersion());
        PartialBody<ContactRequest> patch = requestJson.partial(body, ContactRequest.class);
        ContactFields changes = CustomerInput.contactForUpdate(patch.value(), patch.nulls());
        Set<String> cleared = patch.nulls().stream().filter(CustomerInput.CLEARABLE_CONTACT_FIELDS::contains)
                .collect(Collectors.toSet());
        long version = readModel.change(customerId, () -> commands.send(caller, new UpdateContact(
                CustomerController.requireCustomerId(customerId), caller.workspaceId(), expectedVersion, contactId,
                changes, cleared)), written -> accepted(customerId, contactId, written));
        return ResponseEntity.ok().eTag(ETags.of(version)).body(find(caller, customerId, contactId));
    }

    @Operation(operationId = "removeContact", summary = "Remove a contact",
            description = "The customer's history keeps the contact's changes. Another workspace's customer or contact is 404, as a missing one.")
    @ApiResponse(responseCode = "204", description = "Removed")
    @DeleteMapping("/{contactId}")
    ResponseEntity<Void> remove(Caller caller, @PathVariable String customerId, @PathVariable String contactId) {
        caller.require(CustomerController.WRITE);
        readModel.awaitDeletion(customerId, () -> commands.send(caller, new RemoveContact(
                CustomerController.requireCustomerId(customerId), caller.workspaceId(), contactId)));
        return ResponseEntity.noContent().build();
    }

    private static String location(String customerId, String contactId) {
        return CustomerController.location(customerId) + "/contacts/" + contactId;
    }

    /** A contact's version is its customer's: contacts live in the Customer aggregate. */
    private static Accepted accepted(String customerId, String contactId, long version) {
        return Accepted.of(location(customerId, contactId), contactId, version);
    }

    private CustomerJson.Contact find(Caller caller, String customerId, String contactId) {
        return CustomerJson.Contact.of(view(caller, customerId, contactId));
    }

    /** The contact of a live customer of the workspace, else 404 naming the customer when it is the one missing. */
    private ContactView view(Caller caller, String customerId, String contactId) {
        Optional<ContactView> contact = queries.query(new FindContact(caller.workspaceId(), customerId, contactId),
                ResponseTypes.optionalInstanceOf(ContactView.class)).join();
        if (contact.isEmpty()) {
            readModel.find(caller, customerId);
            throw ApiException.notFound("Contact", contactId);
        }
        return contact.get();
    }
}
