package com.lealup.write.usage;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The usage log on a test database, for tests of the policies that erase from it. */
public final class UsageLogs {

    private UsageLogs() {
    }

    public static UsageLogPort on(DataSource dataSource) {
        return new UsageLog(JdbcClient.create(dataSource), dataSource);
    }
}
