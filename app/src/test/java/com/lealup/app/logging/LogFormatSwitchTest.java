package com.lealup.app.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class LogFormatSwitchTest {

    private final LogFormatSwitch logFormat = new LogFormatSwitch();

    @Test
    void jsonSwitchesTheConsoleToStructuredLogging() {
        MockEnvironment environment = new MockEnvironment().withProperty(LogFormatSwitch.FORMAT, "json");
        logFormat.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void textOrNothingKeepsTheLinesAndAnythingElseStopsTheStart() {
        MockEnvironment text = new MockEnvironment().withProperty(LogFormatSwitch.FORMAT, "text");
        logFormat.postProcessEnvironment(text, new SpringApplication());
        MockEnvironment unset = new MockEnvironment();
        logFormat.postProcessEnvironment(unset, new SpringApplication());
        assertThat(text.getProperty("logging.structured.format.console")).isNull();
        assertThat(unset.getProperty("logging.structured.format.console")).isNull();
        assertThatThrownBy(() -> logFormat.postProcessEnvironment(
                new MockEnvironment().withProperty(LogFormatSwitch.FORMAT, "xml"), new SpringApplication()))
                .hasMessageContaining("LEALUP_LOG_FORMAT must be text or json");
    }
}
