package com.lealup.http.support;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Tomcat's error page as problem+json. Tomcat answers some requests itself, before any filter runs: request lines
 * and headers it cannot parse or that are too large (400), paths it will not decode ({@code %2F}, {@code %00},
 * invalid UTF-8, {@code ..} above the root: 400), {@code TRACE} (405). They get the generic problem of their
 * status (the reason phrase only: no stack trace, no server version), a trace id (their {@code traceparent}'s when valid), {@code nosniff} and {@code Cache-Control: private}, as every
 * other answer. Errors of the application never get here: {@link ProblemErrorController} has answered them.
 */
final class ProblemErrorReportValve extends ErrorReportValve {

    private final ProblemWriter problems;

    ProblemErrorReportValve(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (response.isError()) {
            // refused by Tomcat before the application: never hand it over (a TRACE would reach the error page as a TRACE)
            response.setSuspended(false);
            report(request, response, null);
            return;
        }
        super.invoke(request, response);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String traceId = TraceIds.assign(request);
        // Tomcat's one 405 is TRACE's, answered as the application answers a method it does not serve
        Map<String, Object> body = problems.body(request, status == HttpStatus.METHOD_NOT_ALLOWED.value()
                ? ProblemAdvice.methodNotAllowed(request.getMethod())
                : ProblemAdvice.generic(HttpStatusCode.valueOf(status)));
        // a request line Tomcat could not parse has no path
        if (body.get("instance") == null || body.get("instance").toString().isEmpty()) {
            body.remove("instance");
        }
        try {
            response.setContentType(ProblemWriter.PROBLEM_JSON.toString());
            response.setHeader(TraceIds.HEADER, traceId);
            response.setHeader(ResponseHeadersFilter.NOSNIFF, "nosniff");
            response.setHeader("Cache-Control", ResponseHeadersFilter.PRIVATE);
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(problems.asciiJson(body));
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is broken or the response already gone: there is nobody to tell
        }
    }
}
