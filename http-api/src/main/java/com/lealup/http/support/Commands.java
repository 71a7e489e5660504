package com.lealup.http.support;

import com.lealup.api.DomainRejection;
import com.lealup.api.MetadataKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.messaging.MetaData;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Sends commands on behalf of the current request: attaches workspace, actor, trace id and idempotency
 * key as metadata (inherited by every event the command causes) and turns a {@link DomainRejection}
 * into the matching API error.
 */
@Component
public class Commands {

    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final CommandGateway commandGateway;

    public Commands(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    public <R> R send(Caller caller, Object command) {
        try {
            return call(caller, metadata -> commandGateway.sendAndWait(command, metadata));
        } catch (AggregateNotFoundException e) {
            // includes AggregateDeletedException (a purged aggregate is gone for good); worded as the aggregates word
            // another workspace's resource, so that the two cannot be told apart
            throw toApiException(DomainRejection.notFound(String.valueOf(e.getAggregateIdentifier())).details());
        }
    }

    /**
     * Calls a port of the command side that sends its own commands (e.g. the OAuth callback, whose outbound call
     * must not run inside a command), giving it the metadata {@link #send} would give; its refusals answer as
     * {@link #send}'s do.
     */
    public <R> R call(Caller caller, Function<MetaData, R> port) {
        try {
            return port.apply(metadata(caller));
        } catch (CommandExecutionException e) {
            // a DomainRejection locally; across nodes (Axon Server) its details travel alone
            throw e.getDetails().filter(DomainRejection.Details.class::isInstance)
                    .map(d -> toApiException((DomainRejection.Details) d))
                    .orElseThrow(() -> e);
        }
    }

    private static MetaData metadata(Caller caller) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(MetadataKeys.WORKSPACE_ID, caller.workspaceId());
        metadata.put(MetadataKeys.ACTOR_TYPE, caller.actorType());
        metadata.put(MetadataKeys.ACTOR_ID, caller.actorId());
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            metadata.put(MetadataKeys.TRACE_ID, TraceIds.of(request));
            String idempotencyKey = request.getHeader(IDEMPOTENCY_KEY_HEADER);
            if (idempotencyKey != null) {
                metadata.put(MetadataKeys.IDEMPOTENCY_KEY, idempotencyKey);
            }
        }
        return MetaData.from(metadata);
    }

    static ApiException toApiException(DomainRejection.Details d) {
        List<ApiException.FieldError> errors = d.errors().stream()
                .map(e -> new ApiException.FieldError(e.field(), e.code(), e.message())).toList();
        return switch (d.kind()) {
            // several field errors read as the http layer's own (FieldRules): "3 fields are invalid: …"
            case INVALID -> errors.size() > 1 ? ApiException.validation(errors)
                    : new ApiException(HttpStatus.BAD_REQUEST, "validation_error", "Validation error",
                    d.message(), errors, d.extra(), Map.of());
            case NOT_FOUND -> new ApiException(HttpStatus.NOT_FOUND, "not_found", "Not found", d.message(),
                    errors, d.extra(), Map.of());
            case CONFLICT -> new ApiException(HttpStatus.CONFLICT, d.code(), "Conflict", d.message(),
                    errors, d.extra(), Map.of());
            case UNPROCESSABLE -> new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, d.code(), "Unprocessable entity",
                    d.message(), errors, d.extra(), Map.of());
            case PRECONDITION_FAILED -> new ApiException(HttpStatus.PRECONDITION_FAILED, d.code(), "Precondition failed",
                    d.message(), errors, d.extra(), Map.of());
        };
    }
}
