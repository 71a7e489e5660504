package com.lealup.http.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.Ids;
import com.lealup.api.StorableText;
import com.lealup.api.customer.CustomerView;
import com.lealup.api.customer.FindCustomer;
import com.lealup.api.task.CompleteTask;
import com.lealup.api.task.CreateTask;
import com.lealup.api.task.FindTask;
import com.lealup.api.task.FindTaskVersion;
import com.lealup.api.task.ListTasks;
import com.lealup.api.task.TaskFields;
import com.lealup.api.task.TaskFilter;
import com.lealup.api.task.TaskLifecycle;
import com.lealup.api.task.TaskList;
import com.lealup.api.task.TaskView;
import com.lealup.api.task.UpdateTask;
import com.lealup.http.support.Accepted;
import com.lealup.http.support.AcceptedWhenLagging;
import com.lealup.http.support.AnswersETag;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import com.lealup.http.support.Dates;
import com.lealup.http.support.ETags;
import com.lealup.http.support.Pagination;
import com.lealup.http.support.Pagination.Page;
import com.lealup.http.support.PartialBody;
import com.lealup.http.support.QueryLists;
import com.lealup.http.support.QueryValues;
import com.lealup.http.support.Refusal;
import com.lealup.http.support.RequestJson;
import com.lealup.http.support.ReadYourWrites;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/tasks}: the team's work on customers (API.md section 6). */
@Tag(name = "Tasks")
@RestController
@RequestMapping(path = "/v1/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
class TaskController {

    private static final String READ = "tasks:read";
    private static final String WRITE = "tasks:write";

    private final Commands commands;
    private final QueryGateway queries;
    private final ReadYourWrites readYourWrites;
    private final RequestJson requestJson;

    TaskController(Commands commands, QueryGateway queries, ReadYourWrites readYourWrites, RequestJson requestJson) {
        this.commands = commands;
        this.queries = queries;
        this.readYourWrites = readYourWrites;
        this.requestJson = requestJson;
    }

    @Operation(operationId = "listTasks", summary = "List the workspace's tasks, newest first", description = "Filters combine with AND; "
            + "status is a comma list (pending,in_progress: the open tasks); due_before and due_after are exclusive dates "
            + "(YYYY-MM-DD).")
    @GetMapping
    Page<TaskJson> list(Caller caller,
                        @RequestParam(name = "owner_id", required = false) String ownerId,
                        @RequestParam(name = "assignee_id", required = false) String assigneeId,
                        @RequestParam(required = false) String status,
                        @RequestParam(name = "due_before", required = false) String dueBefore,
                        @RequestParam(name = "due_after", required = false) String dueAfter,
                        @RequestParam(name = "customer_id", required = false) String customerId,
                        @RequestParam(name = "playbook_id", required = false) String playbookId,
                        @RequestParam(required = false) String limit,
                        @RequestParam(required = false) String cursor) {
        caller.require(READ);
        TaskFilter filter = new TaskFilter(QueryValues.one("owner_id", ownerId),
                QueryValues.one("assignee_id", assigneeId), QueryLists.items("status", status, TaskLifecycle.STATUSES),
                Dates.date("due_before", dueBefore),
                Dates.date("due_after", dueAfter), QueryValues.one("customer_id", customerId),
                QueryValues.one("playbook_id", playbookId));
        int pageSize = Pagination.limit(limit);
        Map<String, String> after = Pagination.decode(cursor, Pagination.byId(Ids.TASK));
        TaskList rows = queries.query(new ListTasks(caller.workspaceId(), filter, after, pageSize),
                ResponseTypes.instanceOf(TaskList.class)).join();
        return Pagination.page(rows.rows(), pageSize, t -> Map.of("id", t.id())).map(TaskJson::of);
    }

    @Operation(operationId = "createTask", summary = "Create a task for a customer", description = "The assignee defaults to the customer's "
            + "owner and must be a user of the workspace (422); an unknown customer is 422. A default is for an absent "
            + "field: null is 400 not_nullable for every field but description and due_date.")
    @ApiResponse(responseCode = "201", description = "The task, with Location and ETag")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_customer", when = "customer_id names no "
            + "customer of the workspace outside the trash")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_assignee", when = "assignee_id names no "
            + "active user of the workspace")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskJson> create(Caller caller,
                                    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                            content = @Content(schema = @Schema(implementation = TaskRequests.Create.class)))
                                    @RequestBody ObjectNode objectBody) {
        caller.require(WRITE);
        // read as a PATCH is: a field sent as null is refused, and the record alone cannot tell it from an absent one
        PartialBody<TaskRequests.Create> request = requestJson.partial(objectBody, TaskRequests.Create.class);
        TaskRequests.Create body = request.value();
        TaskFields fields = TaskRequests.forCreate(body, request.nulls());
        CustomerView customer = queries.query(new FindCustomer(caller.workspaceId(), body.customerId()),
                ResponseTypes.optionalInstanceOf(CustomerView.class)).join()
                .orElseThrow(() -> ApiException.unprocessable("customer_id", "unknown_customer",
                        "customer_id '" + StorableText.abbreviated(body.customerId())
                                + "' is not a customer of this workspace"));
        TaskFields assigned = fields.assigneeId() != null ? fields : new TaskFields(fields.title(), fields.description(),
                customer.ownerId(), fields.dueDate(), fields.priority(), fields.status());
        String id = Ids.next(Ids.TASK);
        readYourWrites.awaitCreation(new FindTaskVersion(id), () -> commands.send(caller, new CreateTask(id,
                caller.workspaceId(), customer.id(), customer.ownerId(), assigned, null, null)),
                accepted(id, 1));
        TaskView task = find(caller, id);
        return ResponseEntity.created(URI.create(location(id))).eTag(ETags.of(task.version())).body(TaskJson.of(task));
    }

    @Operation(operationId = "getTask", summary = "A task", description = "ETag is its version.")
    @AnswersETag
    @GetMapping("/{id}")
    ResponseEntity<TaskJson> get(Caller caller, @PathVariable String id) {
        caller.require(READ);
        TaskView task = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(task.version())).body(TaskJson.of(task));
    }

    @Operation(operationId = "updateTask", summary = "Change a task's status, assignee, due date, title, description or priority",
            description = "Completed and skipped tasks are final (409); completing goes through /complete. "
                    + "due_date, description and assignee_id (unassigning the task) may be cleared with null. A body that only repeats what the task "
                    + "holds changes nothing, on a closed task too: 200 with the task, its version kept. If-Match "
                    + "makes it conditional (412).")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "task_closed", when = "the task is completed or skipped "
            + "(current_status names which)")
    @Refusal(status = HttpStatus.UNPROCESSABLE_ENTITY, code = "unknown_assignee", when = "assignee_id names no "
            + "active user of the workspace")
    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskJson> update(Caller caller, @PathVariable String id,
                                    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                            schema = @Schema(implementation = TaskRequests.Change.class)))
                                    @RequestBody ObjectNode body,
                                    @RequestHeader(name = ETags.IF_MATCH, required = false) String ifMatch) {
        caller.require(WRITE);
        Long expectedVersion = ETags.expectedVersion(ifMatch, () -> find(caller, id).version());
        PartialBody<TaskRequests.Change> patch = requestJson.partial(body, TaskRequests.Change.class);
        TaskFields changes = TaskRequests.forChange(patch.value(), patch.nulls());
        Set<String> cleared = patch.nulls().stream().filter(TaskRequests.CLEARABLE::contains).collect(Collectors.toSet());
        readYourWrites.awaitWrite(new FindTaskVersion(id), () -> commands.send(caller, new UpdateTask(
                requireTaskId(id), caller.workspaceId(), expectedVersion, changes, cleared)),
                version -> accepted(id, version));
        TaskView task = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(task.version())).body(TaskJson.of(task));
    }

    @Operation(operationId = "completeTask", summary = "Complete a task with its outcome", description = "409 when it is already completed or skipped. "
            + "Without notes, notes is left out: null is 400 not_nullable.")
    @AcceptedWhenLagging
    @AnswersETag
    @Refusal(status = HttpStatus.CONFLICT, code = "task_closed", when = "the task is completed or skipped "
            + "(current_status names which)")
    @PostMapping(path = "/{id}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskJson> complete(Caller caller, @PathVariable String id,
                                      @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                                              content = @Content(schema = @Schema(implementation = TaskRequests.Complete.class)))
                                      @RequestBody ObjectNode objectBody) {
        caller.require(WRITE);
        PartialBody<TaskRequests.Complete> request = requestJson.partial(objectBody, TaskRequests.Complete.class);
        TaskRequests.Complete complete = TaskRequests.forComplete(request.value(), request.nulls());
        readYourWrites.awaitChange(new FindTaskVersion(id), () -> commands.send(caller, new CompleteTask(
                requireTaskId(id), caller.workspaceId(), complete.outcome(), complete.notes())),
                version -> accepted(id, version));
        TaskView task = find(caller, id);
        return ResponseEntity.ok().eTag(ETags.of(task.version())).body(TaskJson.of(task));
    }

    private static Accepted accepted(String id, long version) {
        return Accepted.of(location(id), id, version);
    }

    private static String location(String id) {
        return "/v1/tasks/" + id;
    }

    private TaskView find(Caller caller, String id) {
        return queries.query(new FindTask(caller.workspaceId(), id), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join().orElseThrow(() -> ApiException.notFound("Task", id));
    }

    private static String requireTaskId(String id) {
        if (!Ids.looksLike(Ids.TASK, id)) {
            throw ApiException.notFound("Task", id);
        }
        return id;
    }

}
