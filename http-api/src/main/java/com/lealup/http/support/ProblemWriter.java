package com.lealup.http.support;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Renders an {@link ApiException} as {@code application/problem+json}, from filters and from controllers alike. */
@Component
public class ProblemWriter {

    public static final String TYPE_BASE = "https://api.lealup.com/errors/";
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;
    /** The members every problem has; an extension member of the same name is dropped. */
    public static final Set<String> RESERVED_MEMBERS =
            Set.of("type", "title", "status", "detail", "instance", "trace_id", "errors");

    private static final Logger log = LoggerFactory.getLogger(ProblemWriter.class);

    private final ObjectMapper objectMapper;

    public ProblemWriter(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public Map<String, Object> body(HttpServletRequest request, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + e.code());
        body.put("title", e.title());
        body.put("status", e.status().value());
        body.put("detail", e.getMessage());
        body.put("instance", instance(request));
        body.put("trace_id", TraceIds.of(request));
        body.put("errors", e.errors());
        // RFC 9457: extension members never replace the standard ones (nor ours, trace_id and errors)
        e.extra().forEach((member, value) -> {
            if (RESERVED_MEMBERS.contains(member)) {
                log.warn("Problem {} dropped its extension member '{}', which is a standard member", e.code(), member);
            } else {
                body.put(member, value);
            }
        });
        return body;
    }

    /** The path the client asked for, also when Tomcat forwarded the request to the error page. */
    private static String instance(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original != null ? original.toString() : request.getRequestURI();
    }

    /** A problem body as JSON of ASCII characters only, for writers whose charset is not UTF-8 (Tomcat's error page). */
    String asciiJson(Map<String, Object> body) throws IOException {
        return objectMapper.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(body);
    }

    public ResponseEntity<Object> entity(HttpServletRequest request, ApiException e) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(e.status()).contentType(PROBLEM_JSON);
        e.headers().forEach(builder::header);
        return builder.body(body(request, e));
    }

    /** For filters, which answer before Spring MVC is reached. */
    public void write(HttpServletRequest request, HttpServletResponse response, ApiException e) throws IOException {
        response.setStatus(e.status().value());
        response.setContentType(PROBLEM_JSON.toString());
        e.headers().forEach(response::setHeader);
        objectMapper.writeValue(response.getOutputStream(), body(request, e));
    }
}
