package com.lealup.http.support;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.Processor;
import org.apache.coyote.Request;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 protocol with a deadline on a request's line and headers: a client that has not sent all of
 * them within {@link #setHeaderTimeout the header timeout} of their first byte is disconnected. Tomcat's own
 * timeouts are per read, so a client trickling a byte every few seconds (slowloris) would hold its connection
 * forever.
 * <p>
 * Tomcat parses request lines and headers without blocking: each time bytes arrive the processor parses what it
 * has and, if the headers are incomplete, waits for more with the socket's read timeout. Here that wait ends at the
 * deadline (the poller then closes the connection), and bytes arriving after it close the connection too.
 * Public: Tomcat instantiates it by class name.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {

    private volatile long headerTimeoutNanos = Duration.ofSeconds(20).toNanos();

    public void setHeaderTimeout(Duration timeout) {
        headerTimeoutNanos = timeout.toNanos();
    }

    @Override
    protected Processor createProcessor() {
        return new DeadlineProcessor(this);
    }

    private static final class DeadlineProcessor extends Http11Processor {

        private final HeaderDeadlineProtocol protocol;

        DeadlineProcessor(HeaderDeadlineProtocol protocol) {
            super(protocol, protocol.getAdapter());
            this.protocol = protocol;
        }

        @Override
        public SocketState service(SocketWrapperBase<?> socket) throws IOException {
            // a deadline set below shortened the wait for these bytes only; a body that follows waits as usual
            long usual = protocol.getConnectionTimeout();
            socket.setReadTimeout(usual);
            SocketState state = super.service(socket);
            // LONG without async processing: Tomcat waits for the rest of the request line or headers
            Request request = getRequest();
            if (state != SocketState.LONG || isAsync() || request.getStartTimeNanos() == -1) {
                return state;
            }
            long leftMillis = TimeUnit.NANOSECONDS.toMillis(
                    protocol.headerTimeoutNanos - (System.nanoTime() - request.getStartTimeNanos()));
            if (leftMillis <= 0) {
                return SocketState.CLOSED;
            }
            socket.setReadTimeout(usual > 0 ? Math.min(leftMillis, usual) : leftMillis);
            return state;
        }
    }
}
