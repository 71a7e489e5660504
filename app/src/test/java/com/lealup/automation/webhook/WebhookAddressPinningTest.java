package com.lealup.automation.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.webhook.SigningSecrets;
import com.lealup.automation.webhook.WebhookSender.Outcome;
import com.lealup.write.webhook.TargetGuard;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a name that resolves to an allowed address when checked and to an internal one right after.
 * The delivery goes to the checked address, with the URL's host in {@code Host} (and in SNI, the certificate
 * still checked, for https), and never asks DNS again.
 * DNS is the outside world here: a stand-in answers; 127.0.0.1 plays the public receiver (allow-listed) and
 * 127.0.0.2, on the same port, the internal service that must never be reached. The sender is the one both
 * webhook subscriptions and the playbook notify action deliver through.
 */
class WebhookAddressPinningTest {

    private static final String HOST = "hooks.rebinding.test";

    private HttpServer receiver;
    private HttpServer internal;
    private final List<String> receivedHosts = new CopyOnWriteArrayList<>();
    private final AtomicInteger internalRequests = new AtomicInteger();

    @BeforeEach
    void servers() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            receivedHosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        internal = HttpServer.create(new InetSocketAddress("127.0.0.2", receiver.getAddress().getPort()), 0);
        internal.createContext("/", exchange -> {
            internalRequests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        internal.start();
    }

    @AfterEach
    void stopServers() {
        receiver.stop(0);
        internal.stop(0);
    }

    @Test
    void theDeliveryGoesToTheCheckedAddressNotToALaterAnswer() throws Exception {
        Rebinding dns = new Rebinding(address("127.0.0.1"), address("127.0.0.2"));
        WebhookSender sender = sender(dns);

        assertThat(post(sender, url())).isInstanceOfSatisfying(Outcome.Answered.class,
                answered -> assertThat(answered.success()).isTrue());
        assertThat(receivedHosts).containsExactly(HOST + ":" + port());
        assertThat(dns.lookups).as("one lookup, by the guard").hasValue(1);

        // the next attempt sees the internal answer, and is checked against it
        assertThat(post(sender, url())).isInstanceOfSatisfying(Outcome.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(WebhookSender.TARGET_NOT_ALLOWED));
        assertThat(internalRequests).hasValue(0);
        sender.close();
    }

    @Test
    void anInternalFirstAnswerIsRefusedWithoutAnyConnection() throws Exception {
        Rebinding dns = new Rebinding(address("127.0.0.2"), address("127.0.0.1"));
        WebhookSender sender = sender(dns);

        Outcome outcome = post(sender, url());

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(WebhookSender.TARGET_NOT_ALLOWED));
        assertThat(receivedHosts).isEmpty();
        assertThat(internalRequests).hasValue(0);
        sender.close();
    }

    @Test
    void httpsToThePinnedAddressSendsTheHostInSniAndChecksTheCertificate() throws Exception {
        List<String> serverNames = new CopyOnWriteArrayList<>();
        try (SSLServerSocket tls = selfSignedTlsServer(serverNames)) {
            Thread server = new Thread(() -> {
                try (SSLSocket client = (SSLSocket) tls.accept()) {
                    client.startHandshake();
                } catch (IOException expected) {
                    // the client refuses a certificate no authority signed
                }
            });
            server.start();
            Rebinding dns = new Rebinding(address("127.0.0.1"), address("127.0.0.2"));
            WebhookSender sender = sender(dns);

            Outcome outcome = post(sender, "https://" + HOST + ":" + tls.getLocalPort() + "/hook");

            server.join(10_000);
            assertThat(serverNames).as("SNI").containsExactly(HOST);
            assertThat(outcome).isInstanceOfSatisfying(Outcome.Unreachable.class,
                    unreachable -> assertThat(unreachable.detail())
                            .isEqualTo("The target: the TLS handshake failed (its certificate or protocol)"));
            sender.close();
        }
    }

    /** A TLS server on 127.0.0.1 with a self-signed certificate for {@link #HOST}, recording the SNI it gets. */
    private static SSLServerSocket selfSignedTlsServer(List<String> serverNames) throws Exception {
        Path keyStore = Files.createTempFile(Path.of("target"), "webhook-tls", ".p12");
        Files.delete(keyStore);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hook", "-keyalg", "EC", "-dname", "CN=" + HOST, "-ext", "SAN=dns:" + HOST,
                "-validity", "1", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertThat(keytool.waitFor()).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                serverNames.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        socket.setSSLParameters(parameters);
        return socket;
    }

    /** Answers {@code first} to the first lookup and {@code later} to every one after it. */
    private static final class Rebinding implements TargetGuard.Resolver {
        private final InetAddress first;
        private final InetAddress later;
        private final AtomicInteger lookups = new AtomicInteger();

        Rebinding(InetAddress first, InetAddress later) {
            this.first = first;
            this.later = later;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (!HOST.equals(host)) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {lookups.getAndIncrement() == 0 ? first : later};
        }
    }

    private static WebhookSender sender(TargetGuard.Resolver dns) {
        return new WebhookSender(new TargetGuard("127.0.0.1", dns), Duration.ofSeconds(3), 4, Clock.systemUTC());
    }

    private static Outcome post(WebhookSender sender, String url) {
        return sender.post(url, "msg_1", "{}", List.of(SigningSecrets.newSecret()), false);
    }

    private String url() {
        return "http://" + HOST + ":" + port() + "/hook";
    }

    private int port() {
        return receiver.getAddress().getPort();
    }

    private static InetAddress address(String ip) throws UnknownHostException {
        return InetAddress.getByName(ip);
    }
}
