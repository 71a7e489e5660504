package com.lealup.write.bulkimport;

import com.lealup.api.DomainRejection;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportRow;
import com.lealup.api.customer.CustomerFields;
import com.lealup.write.customer.ErasureLock;
import com.lealup.write.customer.PendingImports;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link PendingImports} on {@code import_job_queue} (a job is queued exactly while it has rows left) and each queued
 * job's rows, as its first event holds them. The check holds the workspace's {@link ErasureLock} alone, which an
 * import's start shares: an import starts either before the check, or after the erasure has committed.
 */
@Component
class JdbcPendingImports implements PendingImports {

    private final JdbcClient jdbc;
    private final EventStore events;

    JdbcPendingImports(JdbcClient jdbc, EventStore events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public void requireNoneNaming(String workspaceId, String customerId, String emailDomain) {
        ErasureLock.holdAlone(jdbc, workspaceId);
        for (String jobId : jdbc.sql("SELECT job_id FROM import_job_queue WHERE workspace_id = ? ORDER BY queued_at, job_id")
                .param(workspaceId).query(String.class).list()) {
            ImportJobStarted started = (ImportJobStarted) events.readEvents(jobId).peek().getPayload();
            if (started.rows().stream().anyMatch(row -> names(row, customerId, emailDomain))) {
                throw DomainRejection.conflict("import_in_progress", "Import " + jobId + " has a row naming customer '"
                        + customerId + "' still to run: erase it once the job has ended", Map.of("job_id", jobId));
            }
        }
    }

    private static boolean names(ImportRow row, String customerId, String emailDomain) {
        return customerId.equals(row.customerId()) || Stream.of(row.create(), row.update()).filter(Objects::nonNull)
                .map(CustomerFields::emailDomain).anyMatch(emailDomain::equals);
    }
}
