package com.lealup.write.usage;

import com.lealup.api.Ids;
import com.lealup.api.usage.IncomingUsageEvent;
import com.lealup.api.usage.UsageRecorded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The usage log on a test database, for tests of the policies that read or erase it. */
public final class UsageLogs {

    private UsageLogs() {
    }

    public static UsageLogPort on(DataSource dataSource) {
        return new UsageLog(JdbcClient.create(dataSource), dataSource);
    }

    /** A batch as ingestion stores it: its event, and our ids of its events in the order they were given. */
    public record StoredBatch(UsageRecorded recorded, List<String> eventIds) {
    }

    /** Stores one customer's events as a batch received at {@code receivedAt}, as ingestion does. */
    public static StoredBatch store(DataSource dataSource, String workspaceId, String batchId, Instant receivedAt,
                                    String customerId, List<IncomingUsageEvent> events) {
        CustomerBatch batch = new CustomerBatch(customerId);
        Supplier<String> eventIds = Ids.sequence(Ids.EVENT);
        List<String> ids = new ArrayList<>();
        for (IncomingUsageEvent event : events) {
            ids.add(eventIds.get());
            batch.add(ids.get(ids.size() - 1), event);
        }
        new UsageLog(JdbcClient.create(dataSource), dataSource).append(workspaceId, batchId, receivedAt, List.of(batch));
        return new StoredBatch(new UsageRecorded(workspaceId, batchId, receivedAt, List.of(batch.summary())), ids);
    }
}
