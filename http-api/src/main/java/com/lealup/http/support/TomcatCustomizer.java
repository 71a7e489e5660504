package com.lealup.http.support;

import java.time.Duration;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The embedded Tomcat: its own error answers are problem+json ({@link ProblemErrorReportValve}), and a client has
 * {@code lealup.http.header-timeout} to send a request's line and headers ({@link HeaderDeadlineProtocol}), and
 * {@code Expect: 100-continue} is answered when the body is read. A connection's write buffer holds
 * {@value #WRITE_BUFFER_BYTES} bytes: a page of 50 customers (about 27 KB) leaves in one write to the socket instead
 * of four (Tomcat's default is 8 KB), at that much heap per open connection.
 */
@Component
class TomcatCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private static final int WRITE_BUFFER_BYTES = 32 * 1024;

    private final ProblemWriter problems;
    private final Duration headerTimeout;

    TomcatCustomizer(ProblemWriter problems, @Value("${lealup.http.header-timeout:10s}") Duration headerTimeout) {
        this.problems = problems;
        this.headerTimeout = headerTimeout;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.setProtocol(HeaderDeadlineProtocol.class.getName());
        factory.addConnectorCustomizers(connector -> {
            HeaderDeadlineProtocol protocol = (HeaderDeadlineProtocol) connector.getProtocolHandler();
            protocol.setHeaderTimeout(headerTimeout);
            // 100 Continue only once the application reads the body: a body refused before (413 by its
            // Content-Length, 401, 429) gets its answer and no invitation to send it first
            protocol.setContinueResponseTiming("onRead");
            if (!connector.setProperty("socket.appWriteBufSize", Integer.toString(WRITE_BUFFER_BYTES))) {
                throw new IllegalStateException("Tomcat took no socket.appWriteBufSize");
            }
        });
        factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            Pipeline pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemErrorReportValve(problems));
            // else the host adds Tomcat's own when it starts
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        });
    }

    /** After Spring Boot's customizer, which installs an HTML error report valve of its own. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
