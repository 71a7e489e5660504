package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpHostConnectException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.junit.jupiter.api.Test;

/** {@code last_error} tells what went wrong in words: no class of the HTTP client reaches a subscriber. */
class WebhookSenderFailureTest {

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
