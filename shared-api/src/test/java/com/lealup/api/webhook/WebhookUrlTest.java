package com.lealup.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One rule for a subscription's URL and a playbook's webhook target: what it refuses, and what it takes. */
class WebhookUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/lealup", "HTTPS://93.184.216.34/x", "Http://hooks.example.com",
        "http://hooks.example.com:8080/a?b=c", "https://hooks.example.com/ok/\u0130?q=\u00e9", "http://10.0.0.1/",
        "http://0.0.0.0/", "http://100.0.10.1/", "http://167772161/", "http://0a.example.com/", "http://[::1]/",
        "http://010.example.com/"})
    void aWebhookUrl(String url) {
        assertThat(WebhookUrl.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', ignoreLeadingAndTrailingWhitespace = false, value = {
        "https://hooks.example.com/a b| is not a valid URL",
        "ftp://hooks.example.com/| must be an absolute http(s) URL with a host",
        "/relative| must be an absolute http(s) URL with a host",
        "https:///no-host| must be an absolute http(s) URL with a host",
        "https://hooks.example.com:0/|'s port must be 1 to 65535",
        "https://hooks.example.com:65536/|'s port must be 1 to 65535",
        "https://user:secret@hooks.example.com/| must not carry credentials or a fragment",
        "https://hooks.example.com/#part| must not carry credentials or a fragment",
        "http://0177.0.0.1/|'s host is a number with a leading zero, which reads as octal or decimal: write it without",
        "http://010.0.0.1/|'s host is a number with a leading zero, which reads as octal or decimal: write it without",
        "http://1.2.3.04/|'s host is a number with a leading zero, which reads as octal or decimal: write it without",
        "http://00/|'s host is a number with a leading zero, which reads as octal or decimal: write it without",
        "http://08.8.8.8/|'s host is a number with a leading zero, which reads as octal or decimal: write it without",
        "https://hooks.example.com/invoice\u202Efdp.exe| must not hold a bidirectional formatting character (such as U+202E)"})
    void notAWebhookUrl(String url, String problem) {
        assertThat(WebhookUrl.problem(url)).contains(problem);
    }
}
