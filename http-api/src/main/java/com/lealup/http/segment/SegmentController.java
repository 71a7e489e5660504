package com.lealup.http.segment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.http.support.Refusal;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.Operation;
import com.lealup.api.Ids;
import com.lealup.api.Names;
import com.lealup.api.segment.CreateSegment;
import com.lealup.api.segment.FindSegment;
import com.lealup.api.segment.ListSegments;
import com.lealup.api.segment.SegmentList;
import com.lealup.api.segment.SegmentView;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.ReadYourWrites;
import com.lealup.http.support.RequestJson;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/segments}: named groups of customers, referenced by customers' segment_id and by playbooks. */
@Tag(name = "Segments")
@RestController
@RequestMapping(path = "/v1/segments", produces = MediaType.APPLICATION_JSON_VALUE)
class SegmentController {

    private static final String READ = "customers:read";
    private static final String WRITE = "customers:write";
    private static final int MAX_NAME = CreateSegment.MAX_NAME_LENGTH;
    /** A segment is created and never changes: its version, and so its ETag, stays this one. */
    private static final long FIRST_VERSION = 1;

    @Schema(example = "{\"name\": \"Enterprise\"}")
    record SegmentRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = MAX_NAME, pattern = Names.PATTERN) String name) {
    }

    @Schema(name = "Segment", example = """
            {"id": "seg_01JD3KDA4E5F6G7H8J9K0M1N2P", "tenant_id": "wsp_01JD3K2M4N5P6Q7R8S9T0V1W2X",
            "name": "Enterprise", "created_at": "2026-03-01T10:03:00Z"}""")
    record SegmentJson(String id, String tenantId, String name, Instant createdAt) {
        static SegmentJson of(SegmentView s) {
            return new SegmentJson(s.id(), s.workspaceId(), s.name(), s.createdAt());
        }
    }

    private final Commands commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final RequestJson requestJson;

    SegmentController(Commands commands, QueryGateway queries, ReadYourWrites readYourWrites, RequestJson requestJson) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "listSegments", summary = "The workspace's segments, by name",
            description = "Paginated with limit and cursor. A customer names its segment by segment_id.")
    @GetMapping
    Page<SegmentJson> list(Caller caller, @RequestParam(required = false) String limit,
                           @RequestParam(required = false) String cursor) {
        caller.require(READ);
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.byNameAndId(Ids.SEGMENT));
        SegmentList rows = queries.query(new ListSegments(caller.workspaceId(), after, pageSize),
                ResponseTypes.instanceOf(SegmentList.class)).join();
        return Pagination.page(rows.rows(), pageSize, s -> Map.of("name", s.name(), "id", s.id())).map(SegmentJson::of);
    }

    @Operation(operationId = "getSegment", summary = "A segment",
            description = "Where the Location of its creation points. A segment does not change: its ETag is its first "
                    + "version. Another workspace's segment is 404, word for word as a missing one.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<SegmentJson> get(Caller caller, @PathVariable String id) {
        caller.require(READ);
        Optional<SegmentView> segment = Ids.looksLike(Ids.SEGMENT, id)
                ? queries.query(new FindSegment(caller.workspaceId(), id),
                        ResponseTypes.optionalInstanceOf(SegmentView.class)).join()
                : Optional.empty();
        return ResponseEntity.ok().eTag(ETags.of(FIRST_VERSION)).body(SegmentJson.of(segment
                .orElseThrow(() -> ApiException.notFound("Segment", id))));
    }

    @Operation(operationId = "createSegment", summary = "Create a segment", description = "Names are unique in a workspace, ignoring case (409).")
    @ApiResponse(responseCode = "201", description = "The segment, with Location")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "duplicate_segment_name", when = "a segment of the workspace has "
            + "this name, ignoring case (existing_id names it)")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SegmentJson> create(Caller caller,
                                       @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                               content = @Content(schema = @Schema(implementation = SegmentRequest.class)))
                                       @RequestBody ObjectNode objectBody) {
        caller.require(WRITE);
        SegmentRequest body = requestJson.refusingNulls(objectBody, SegmentRequest.class, Set.of());
        String name = Names.trimmed(body.name());
        String id = Ids.next(Ids.SEGMENT);
        String location = "/v1/segments/" + id;
        commands.send(caller, new CreateSegment(id, caller.workspaceId(), name));
        SegmentView segment = readYourWrites.awaitOrAccept(new FindSegment(caller.workspaceId(), id), SegmentView.class,
                s -> true, Accepted.of(location, id, FIRST_VERSION));
        return ResponseEntity.created(URI.create(location)).eTag(ETags.of(FIRST_VERSION)).body(SegmentJson.of(segment));
    }
}
