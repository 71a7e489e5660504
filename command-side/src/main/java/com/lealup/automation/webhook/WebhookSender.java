package com.lealup.automation.webhook;

import com.lealup.api.webhook.SigningSecrets;
import com.lealup.api.webhook.WebhookUrl;
import com.lealup.write.webhook.WebhookTargetsPort;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * POSTs one Standard Webhooks message: headers {@code webhook-id} (stable across attempts, for the receiver's
 * de-duplication), {@code webhook-timestamp} (unix seconds of this attempt) and {@code webhook-signature}
 * ({@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} per secret, space separated: a secret rotated out signs for 24 h after its rotation), and a
 * {@code User-Agent} naming LealUp. Used by webhook subscriptions and the playbook notify action alike.
 * <p>
 * The SSRF guard checks the host at every attempt, after resolving it; the connection goes to the very address that
 * was checked, with the URL's host in {@code Host} and, for https, in SNI and the certificate check. Redirects are
 * never followed (a 3xx is an answer like any other), so a receiver cannot bounce a delivery to an internal address.
 */
@Component
public class WebhookSender implements AutoCloseable {

    public static final String USER_AGENT = "LealUp-Webhooks/1.0 (+https://lealup.com/docs/webhooks)";
    public static final String INVALID_TARGET = "invalid_target";
    public static final String TARGET_NOT_ALLOWED = "target_not_allowed";

    /** What the attempt gave. */
    public sealed interface Outcome {
        /** The receiver answered (any status: 2xx is success). */
        record Answered(int status, String retryAfter) implements Outcome {
            public boolean success() {
                return status / 100 == 2;
            }
        }

        /** Not sent: the URL is not one (INVALID_TARGET) or the guard refused its address (TARGET_NOT_ALLOWED). */
        record Refused(String reason, String detail) implements Outcome {
        }

        /** Sent nowhere or no answer: unknown host, connection refused, timeout, TLS. */
        record Unreachable(String detail) implements Outcome {
        }
    }

    /** The longest header line and the most headers an answer may have (a longer one is a failed attempt). */
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;
    /** An IPv6 literal's brackets, which the connection's host name goes without. */
    private static final Pattern BRACKETS = Pattern.compile("^\\[|]$");
    /** One HMAC per sending thread, keyed anew for each signature, instead of a provider look-up per signature. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private final WebhookTargetsPort guard;
    private final Clock clock;
    private final CloseableHttpClient http;
    private final Duration requestTimeout;
    /** Cancels an exchange still going at its request timeout. */
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "webhook-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public WebhookSender(WebhookTargetsPort guard,
                         @Value("${lealup.webhooks.delivery.request-timeout:PT10S}") Duration requestTimeout,
                         @Value("${lealup.webhooks.delivery.connections:32}") int connections, Clock clock) {
        this.guard = guard;
        this.clock = clock;
        this.requestTimeout = requestTimeout;
        Timeout timeout = Timeout.of(requestTimeout);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        // an answer's head is read whole into memory, unbounded by default: a receiver's 300 MB
                        // header took 1.5 GB of the heap, and four at once could exhaust it
                        .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                                .http1Config(Http1Config.custom().setMaxLineLength(MAX_HEADER_LINE)
                                        .setMaxHeaderCount(MAX_HEADERS).build())
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .setMaxConnTotal(connections).setMaxConnPerRoute(connections)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableRedirectHandling()
                // the callers retry, with back-off
                .disableAutomaticRetries()
                .disableCookieManagement()
                // no credentials, no client certificates: nothing to cache or to tell one user's connection by
                .disableAuthCaching()
                .disableConnectionState()
                // the answer's body is never read: no Accept-Encoding to offer, no decoder to wrap it in
                .disableContentCompression()
                .setUserAgent(USER_AGENT)
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
    }

    /** Signs {@code body} with every secret and POSTs it to {@code url}; {@code replay} adds {@code webhook-replay: true}. */
    public Outcome post(String url, String messageId, String body, List<String> secrets, boolean replay) {
        // a playbook stored before a rule of its target came in (credentials, a fragment): never sent
        Optional<String> problem = WebhookUrl.problem(url);
        if (problem.isPresent()) {
            return new Outcome.Refused(INVALID_TARGET, "target" + problem.get());
        }
        URI target = URI.create(url);
        WebhookTargetsPort.Verdict verdict;
        try {
            verdict = guard.check(target.getHost());
        } catch (UnknownHostException e) {
            return new Outcome.Unreachable("Unknown host " + target.getHost());
        }
        if (verdict.refusal() != null) {
            return new Outcome.Refused(TARGET_NOT_ALLOWED, verdict.refusal());
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        // the request's URL gives the Host header; the HttpHost's address is where the connection goes. A character
        // beyond ASCII goes as its UTF-8 bytes percent-encoded (an IRI's URI, RFC 3987): the request line is ASCII
        HttpPost request = new HttpPost(URI.create(target.toASCIIString()));
        request.setHeader("webhook-id", messageId);
        request.setHeader("webhook-timestamp", timestamp);
        request.setHeader("webhook-signature", signature(secrets, messageId, timestamp, body));
        if (replay) {
            request.setHeader("webhook-replay", "true");
        }
        request.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        HttpHost pinned = new HttpHost(target.getScheme().toLowerCase(Locale.ROOT), verdict.address(),
                BRACKETS.matcher(target.getHost()).replaceAll(""), target.getPort());
        // the whole exchange within the request timeout: the socket timeout bounds each read alone, so an answer whose
        // headers or body never ended (HttpClient reads the body to its end, to reuse the connection) held the worker
        // for ever, and four such receivers stopped the deliveries of every workspace on the node
        ScheduledFuture<?> deadline = deadlines.schedule(request::cancel, requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return http.execute(pinned, request, answer -> {
                Header retryAfter = answer.getFirstHeader("Retry-After");
                return new Outcome.Answered(answer.getCode(), retryAfter == null ? null : retryAfter.getValue());
            });
        } catch (IOException e) {
            // the request's own flag, set before cancel() breaks the exchange: the deadline's task is not yet done
            // when the reading thread sees the broken socket
            return new Outcome.Unreachable(request.isCancelled()
                    ? "The target: no whole answer within " + requestTimeout.toSeconds() + " s"
                    : "The target: " + failure(e));
        } finally {
            deadline.cancel(false);
        }
    }

    /** An exchange's failure in the words of {@code last_error}: what went wrong, not which library's class said it. */
    static String failure(IOException e) {
        if (e instanceof ConnectException) {
            return "the connection was refused";
        }
        if (e instanceof ConnectTimeoutException) {
            return "no connection in time";
        }
        if (e instanceof NoHttpResponseException) {
            return "the connection closed without an answer";
        }
        if (e instanceof SSLHandshakeException) {
            return "the TLS handshake failed (its certificate or protocol)";
        }
        return e instanceof SSLException ? "the TLS connection failed" : "the connection broke";
    }

    /** The {@code webhook-signature} header: one {@code v1,<signature>} per secret, space separated. */
    public static String signature(List<String> secrets, String messageId, String timestamp, String body) {
        byte[] content = (messageId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        StringBuilder signature = new StringBuilder(48 * secrets.size());
        for (String secret : secrets) {
            signature.append(signature.isEmpty() ? "v1," : " v1,").append(sign(secret, content));
        }
        return signature.toString();
    }

    private static String sign(String secret, byte[] content) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(SigningSecrets.key(secret), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The seconds of a Retry-After header, as RFC 9110 writes them (digits only; the form receivers send), at least
     * one: a receiver answering 0 for ever is not tried again in a loop. Null when absent or of another form (a sign,
     * a fraction, a date); a number past a long is the longest wait, which the callers cap.
     */
    public static Duration retryAfter(String value) {
        String seconds = value == null ? "" : value.trim();
        if (seconds.isEmpty() || !seconds.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(seconds)));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(Long.MAX_VALUE);
        }
    }

    @Override
    public void close() throws IOException {
        deadlines.shutdownNow();
        http.close();
    }
}
