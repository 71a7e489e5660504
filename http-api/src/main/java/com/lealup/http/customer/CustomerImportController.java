package com.lealup.http.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.api.StorableText;
import com.lealup.api.bulkimport.FindImportJob;
import com.lealup.api.bulkimport.ImportJobView;
import com.lealup.api.bulkimport.ImportOptions;
import com.lealup.api.bulkimport.ImportRow;
import com.lealup.api.bulkimport.RowError;
import com.lealup.api.bulkimport.StartImport;
import com.lealup.api.customer.CustomerFields;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.FieldRules;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.ReadYourWrites;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/customers/bulk-import}: up to 1,000 customers, as JSON or CSV, become an import job that runs on
 * its own ({@code GET /v1/jobs/{id}}). Each row is checked here by the very rules of {@code POST /v1/customers} and
 * {@code PATCH} ({@link CustomerInput}); a bad row becomes that row's errors, never a failure of the request or of
 * the job. Rules that need state (duplicates, owners, renewal dates) are the {@code Customer} aggregate's, per row.
 */
@Tag(name = "Customers")
@RestController
@RequestMapping(path = "/v1/customers/bulk-import", produces = MediaType.APPLICATION_JSON_VALUE)
class CustomerImportController {

    static final int MAX_ROWS = 1000;
    /** A row's errors kept: its first ones, so 1,000 rows of 100 bad custom fields stay a job one can read at once. */
    static final int MAX_ERRORS_PER_ROW = 10;
    private static final String CSV = "text/csv";
    /** The options: members of the JSON form's body, query parameters of the CSV form (only). */
    private static final String MODE = "mode";
    private static final String CONFLICT_RESOLUTION = "conflict_resolution";
    private static final String MATCH_ON = "match_on";
    private static final List<String> CSV_OPTIONS = List.of(MODE, CONFLICT_RESOLUTION, MATCH_ON);
    private static final String JSON_TAKES_IT_IN_ITS_BODY = "A JSON import takes it in its body; in the query it is "
            + "400 unknown_field.";

    private final Commands commands;
    private final RequestJson requestJson;
    private final ReadYourWrites readYourWrites;

    CustomerImportController(Commands commands, RequestJson requestJson, ReadYourWrites readYourWrites) {
        this.commands = commands;
        this.requestJson = requestJson;
        this.readYourWrites = readYourWrites;
    }

    /**
     * The JSON form; {@code customers} are rows as {@code POST /v1/customers} takes them, plus {@code id}. No member
     * may be null ({@link RequestJson#refusingNulls}): an option's default is for an absent one.
     */
    @Schema(example = "{\"customers\": [{\"name\": \"Acme Corp\", \"email_domain\": \"acme.com\", \"arr\": 145000, "
            + "\"status\": \"active\", \"renewal_date\": \"2027-06-15\"}], \"mode\": \"create\", "
            + "\"conflict_resolution\": \"skip\", \"match_on\": \"email_domain\"}")
    record ImportRequest(@ArraySchema(arraySchema = @Schema(description = "1 to 1000 rows (more is 413): customers "
                                 + "as POST /v1/customers takes them (CustomerRequest; with mode=update, as PATCH does: "
                                 + "CustomerPatch), plus id (a customer id, for match_on=id); a row that breaks those "
                                 + "rules is reported in the job's errors, not refused"), minItems = 1,
                                 // any object, as a bad row is not a refusal of the request; required: as the items'
                                 // requiredMode (swagger-core#4341)
                                 schema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
                         List<ObjectNode> customers,
                         @Schema(allowableValues = {"create", "update", "create_or_update"}, defaultValue = "create")
                         String mode,
                         @Schema(allowableValues = {"skip", "overwrite", "fail"}, description = "What a row matching "
                                 + "an existing customer does in create and create_or_update mode; by default fail in "
                                 + "create, overwrite in create_or_update")
                         String conflictResolution,
                         @Schema(allowableValues = {"email_domain", "id"}, defaultValue = "email_domain")
                         String matchOn) {
    }

    /** The answer: the job to poll at {@code Location}. */
    @Schema(example = "{\"job_id\": \"job_01JD3K9A0B1C2D3E4F5G6H7J8K\", \"status\": \"queued\"}")
    record ImportAccepted(String jobId, @Schema(allowableValues = {"queued", "running", "completed"}) String status) {
    }

    @Operation(operationId = "importCustomers", summary = "Import customers in bulk (JSON or CSV)", description = "Up to "
            + "1000 rows (more: 413 batch_too_large) become a job: 202 with Location /v1/jobs/{job_id}. mode: create "
            + "(default) or create_or_update (a row matching an existing customer is a conflict, resolved by "
            + "conflict_resolution: skip, overwrite as a PATCH would, or fail; by default fail in create, overwrite "
            + "in create_or_update), or update (every row must match one, and updates it). A matched row whose values "
            + "the customer already holds changes nothing and is counted skipped. match_on: email_domain (default) or id. A bad row is reported in the job's errors "
            + "with the codes of POST /v1/customers, and never fails the job. The options are members of the body, "
            + "absent for their defaults (null is 400 not_nullable); given as query parameters (the CSV form's) "
            + "they are 400 unknown_field, and any other query parameter is 400 unknown_parameter (?dry_run=true "
            + "ignored would import for real). Rate limit class bulk.")
    @ApiResponse(responseCode = "202", description = "The job, queued", content = @Content(
            schema = @Schema(implementation = ImportAccepted.class)), headers = @Header(name = "Location",
            description = "The job", schema = @Schema(type = "string")))
    @Refusal(status = HttpStatus.PAYLOAD_TOO_LARGE, code = "batch_too_large", when = "more than 1000 rows")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ImportAccepted> importJson(Caller caller,
                                              // the document's body as the schema of this parameter, not as an
                                              // operation's body, which would replace the CSV form's (same path)
                                              @Parameter(schema = @Schema(implementation = ImportRequest.class))
                                              @RequestBody ObjectNode objectBody,
                                              HttpServletRequest request) {
        caller.require(CustomerController.WRITE);
        refuseOtherQueryParameters(request, false);
        ImportRequest body = requestJson.refusingNulls(objectBody, ImportRequest.class, Set.of());
        ImportOptions options = options(body.mode(), body.conflictResolution(), body.matchOn());
        if (body.customers() == null) {
            throw ApiException.validation("customers", "required", "customers is required");
        }
        requireRowCount(body.customers().size());
        List<ImportRow> rows = new ArrayList<>();
        for (int i = 0; i < body.customers().size(); i++) {
            ObjectNode row = body.customers().get(i);
            if (row == null) {
                throw ApiException.validation("customers[" + i + "]", "invalid_type", "Each row must be an object");
            }
            rows.add(row(i, row, options));
        }
        return start(caller, options, rows);
    }

    @Operation(operationId = "importCustomersCsv", summary = "Import customers in bulk (CSV)", description = "The "
            + "same import from text/csv: UTF-8, RFC 4180 quoting, a header row of customer field names (and id, "
            + "custom_fields.<key>); options as query parameters, and no other (400 unknown_parameter). A blank line (empty, or spaces and tabs) is no row; a "
            + "double quote in a field that is not quoted is 400 invalid_format. Rows are numbered from 0 after the "
            + "header, blank lines excluded. An "
            + "empty cell is an absent field; arr and custom field cells that are JSON numbers are numbers, true and "
            + "false booleans.")
    @ApiResponse(responseCode = "202", description = "The job, queued", content = @Content(
            schema = @Schema(implementation = ImportAccepted.class)), headers = @Header(name = "Location",
            description = "The job", schema = @Schema(type = "string")))
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(mediaType = CSV,
            schema = @Schema(type = "string", example = "name,email_domain,arr,custom_fields.tier\nAcme,acme.com,1200,gold\n")))
    @Refusal(status = HttpStatus.PAYLOAD_TOO_LARGE, code = "batch_too_large", when = "more than 1000 rows")
    @PostMapping(consumes = CSV)
    ResponseEntity<ImportAccepted> importCsv(Caller caller,
                                             // optional for Spring only: an empty body is a CSV without its header
                                             // row (400 naming body), not a missing JSON body
                                             @RequestBody(required = false) byte[] body,
                                             @Parameter(description = "CSV form only: create, update or create_or_update "
                                                     + "(default create). " + JSON_TAKES_IT_IN_ITS_BODY,
                                                     schema = @Schema(allowableValues = {"create", "update", "create_or_update"}))
                                             @RequestParam(name = MODE, required = false) String mode,
                                             @Parameter(description = "CSV form only: what a row matching an existing customer "
                                                     + "does in create and create_or_update mode (default fail in create, "
                                                     + "overwrite in create_or_update). " + JSON_TAKES_IT_IN_ITS_BODY,
                                                     schema = @Schema(allowableValues = {"skip", "overwrite", "fail"}))
                                             @RequestParam(name = CONFLICT_RESOLUTION, required = false) String conflictResolution,
                                             @Parameter(description = "CSV form only: how a row finds an existing customer "
                                                     + "(default email_domain). " + JSON_TAKES_IT_IN_ITS_BODY,
                                                     schema = @Schema(allowableValues = {"email_domain", "id"}))
                                             @RequestParam(name = MATCH_ON, required = false) String matchOn,
                                             HttpServletRequest request) {
        caller.require(CustomerController.WRITE);
        refuseOtherQueryParameters(request, true);
        refuseCharsetOtherThanUtf8(request);
        ImportOptions options = options(mode, conflictResolution, matchOn);
        CsvCustomers csv = CsvCustomers.read(body == null ? new byte[0] : body, CustomerInput.CUSTOMER_FIELDS);
        requireRowCount(csv.size());
        List<ImportRow> rows = new ArrayList<>();
        for (int i = 0; i < csv.size(); i++) {
            List<RowError> shape = csv.shapeErrors(i);
            rows.add(shape.isEmpty() ? row(i, csv.row(i), options) : rejected(i, shape, options));
        }
        return start(caller, options, rows);
    }

    private ResponseEntity<ImportAccepted> start(Caller caller, ImportOptions options, List<ImportRow> rows) {
        String jobId = Ids.next(Ids.JOB);
        commands.send(caller, new StartImport(jobId, caller.workspaceId(), options, rows));
        // the job is durable; waiting (bounded) for its read model lets a GET right after this answer find it
        String status = readYourWrites.await(new FindImportJob(caller.workspaceId(), jobId), ImportJobView.class, j -> true)
                .map(ImportJobView::status).orElse(ImportJobView.QUEUED);
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/v1/jobs/" + jobId))
                .body(new ImportAccepted(jobId, status));
    }

    private static ImportOptions options(String mode, String conflictResolution, String matchOn) {
        FieldRules rules = new FieldRules();
        rules.oneOf(MODE, mode, ImportOptions.MODES);
        rules.oneOf(CONFLICT_RESOLUTION, conflictResolution, ImportOptions.CONFLICT_RESOLUTIONS);
        rules.oneOf(MATCH_ON, matchOn, ImportOptions.MATCH_ON);
        rules.throwIfInvalid();
        ImportOptions defaults = ImportOptions.DEFAULTS;
        String resolvedMode = mode == null ? defaults.mode() : mode;
        return new ImportOptions(resolvedMode, conflictResolution == null
                ? ImportOptions.defaultConflictResolution(resolvedMode) : conflictResolution,
                matchOn == null ? defaults.matchOn() : matchOn);
    }

    /**
     * An import's query holds the CSV form's options and nothing else. Ignored, another parameter would run the
     * import as the client did not mean: the CSV options on a JSON import (which takes them in its body) with the
     * defaults (an intended update creating customers), {@code ?dry_run=true} for real. So they are refused.
     */
    private static void refuseOtherQueryParameters(HttpServletRequest request, boolean csv) {
        FieldRules rules = new FieldRules();
        for (String parameter : request.getParameterMap().keySet()) {
            boolean option = CSV_OPTIONS.contains(parameter);
            if (option && !csv) {
                rules.error(parameter, "unknown_field", "The query parameter " + parameter + " is the CSV import's "
                        + "option; a JSON import takes " + parameter + " in its body");
            } else if (!option) {
                String quoted = StorableText.abbreviated(parameter);
                rules.error(quoted, "unknown_parameter", "'" + quoted + "' is no parameter of an import, which takes "
                        + (csv ? "only " + String.join(", ", CSV_OPTIONS) : "none (its options are in its body)"));
            }
        }
        rules.throwIfInvalid();
    }

    /**
     * A CSV is read as UTF-8 (RFC 4180 leaves the charset to its parameter): one that says it is in another charset
     * would be read otherwise than it was written (its Latin-1 é as no character, or as another one).
     */
    private static void refuseCharsetOtherThanUtf8(HttpServletRequest request) {
        if (request.getContentType() == null) {
            return; // no body: the CSV without its header row (400 naming body)
        }
        // the name as sent: an unknown one (charset=foo) is no UTF-8 either
        String charset = MediaType.parseMediaType(request.getContentType()).getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Unsupported media type",
                    "A CSV import is UTF-8: send it as text/csv or text/csv; charset=utf-8");
        }
    }

    private static void requireRowCount(int rows) {
        if (rows > MAX_ROWS) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "batch_too_large", "Batch too large",
                    "An import holds at most " + MAX_ROWS + " rows; this one has " + rows);
        }
        if (rows == 0) {
            throw ApiException.validation("customers", "invalid_length", "An import holds 1 to " + MAX_ROWS + " rows");
        }
    }

    /** One row, checked as the create and the update the options may need (the job picks one per row). */
    private ImportRow row(int index, ObjectNode node, ImportOptions options) {
        ObjectNode fields = node.deepCopy();
        JsonNode idNode = fields.remove("id");
        if (idNode != null && !idNode.isNull() && !idNode.isTextual()) {
            return rejected(index, List.of(RowError.of(index, "id", "invalid_type")),
                    options);
        }
        String id = idNode == null || idNode.isNull() ? null : idNode.asText();
        PartialBody<CustomerRequest> body;
        try {
            body = requestJson.partial(fields, CustomerRequest.class);
        } catch (HttpMessageNotReadableException e) {
            return rejected(index, rowErrors(index, RequestJson.bindingError(e)), options);
        }
        CustomerFields create = null;
        List<RowError> createErrors = List.of();
        if (options.createsNew()) {
            try {
                create = CustomerInput.forCreate(body.value(), body.nulls());
            } catch (ApiException e) {
                createErrors = rowErrors(index, e);
            }
        }
        CustomerFields update = null;
        Set<String> cleared = Set.of();
        List<RowError> updateErrors = List.of();
        // a row invalid as a create still names the customer it matches by its email_domain, which a skip leaves
        if (options.updatesMatches() || create == null && options.matchOn().equals(ImportOptions.MATCH_EMAIL_DOMAIN)) {
            try {
                update = CustomerInput.forUpdate(body.value(), body.nulls());
                cleared = CustomerInput.cleared(body.nulls());
            } catch (ApiException e) {
                updateErrors = rowErrors(index, e);
            }
        }
        return new ImportRow(index, id, body.value().ownerEmail(), create, createErrors, update, cleared, updateErrors);
    }

    /** A row no form of which can be imported. */
    private static ImportRow rejected(int index, List<RowError> errors, ImportOptions options) {
        return new ImportRow(index, null, null, null, options.createsNew() ? errors : List.of(), null, Set.of(),
                options.updatesMatches() ? errors : List.of());
    }

    private static List<RowError> rowErrors(int index, ApiException e) {
        return e.errors().stream().limit(MAX_ERRORS_PER_ROW).map(f -> RowError.of(index, f.field(), f.code())).toList();
    }
}
