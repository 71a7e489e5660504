package com.lealup.app.support;

import com.lealup.testing.TestClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The server's clock in API tests: real time, moved forward by a test (trash purge, renewals) and put back. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    TestClock testClock() {
        return TestClock.running();
    }
}
