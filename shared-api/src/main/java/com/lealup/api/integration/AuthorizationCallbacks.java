package com.lealup.api.integration;

import java.util.Map;

/**
 * The port through which the http-api completes an OAuth authorization from the provider's redirect. It is not a
 * command: the code exchange is an outbound HTTP call, which must not run inside a command handler (it would hold
 * the command's transaction and the aggregate for as long as the provider takes). The command side's
 * implementation consumes the single-use state, exchanges the code, then sends {@link ConnectIntegration} or
 * {@link FailIntegrationConnection} with {@code metadata} (actor, trace id). Refusals are thrown as
 * {@code DomainRejection}s ({@code invalid_state}, {@code required}), as a command handler's would be.
 */
public interface AuthorizationCallbacks {

    ConnectionOutcome complete(CompleteIntegrationConnection callback, Map<String, ?> metadata);
}
