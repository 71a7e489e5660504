package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

/**
 * {@code last_error} tells what went wrong in words: no class of the HTTP client reaches a subscriber. A receiver's
 * Retry-After is read as RFC 9110 writes its seconds, or not at all.
 */
class WebhookSenderTest {

    @Test
    void aRetryAfterIsItsSecondsAtLeastOneAndOnlyInDigits() {
        assertThat(WebhookSender.retryAfter(" 120 ")).isEqualTo(Duration.ofSeconds(120));
        // 0 would be tried again at once, for as long as the receiver says it: a second at least
        assertThat(WebhookSender.retryAfter("0")).isEqualTo(Duration.ofSeconds(1));
        // past a long, the longest wait (which the deliveries cap)
        assertThat(WebhookSender.retryAfter("99999999999999999999")).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        for (String unreadable : new String[] {"-5", "+5", "1.5", "abc", "", "Wed, 21 Oct 2026 07:28:00 GMT", "٣"}) {
            assertThat(WebhookSender.retryAfter(unreadable)).as(unreadable).isNull();
        }
        assertThat(WebhookSender.retryAfter(null)).isNull();
    }

    @Test
    void eachFailureOfAnExchangeIsNamedInWords() {
        assertThat(WebhookSender.failure(new HttpHostConnectException("Connect to 127.0.0.1:1 failed")))
                .isEqualTo("the connection was refused");
        assertThat(WebhookSender.failure(new ConnectTimeoutException("Connect timed out")))
                .isEqualTo("no connection in time");
        assertThat(WebhookSender.failure(new NoHttpResponseException("127.0.0.1:1 failed to respond")))
                .isEqualTo("the connection closed without an answer");
        assertThat(WebhookSender.failure(new SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("the TLS handshake failed (its certificate or protocol)");
        assertThat(WebhookSender.failure(new SSLException("Tag mismatch")))
                .isEqualTo("the TLS connection failed");
        for (IOException other : new IOException[] {new SocketException("Connection reset"), new IOException("x")}) {
            assertThat(WebhookSender.failure(other)).isEqualTo("the connection broke");
        }
    }
}
