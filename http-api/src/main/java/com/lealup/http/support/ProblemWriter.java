package com.lealup.http.support;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/** Renders an {@link ApiException} as {@code application/problem+json}, from filters and from controllers alike. */
@Component
public class ProblemWriter {

    public static final String TYPE_BASE = "https://api.lealup.com/errors/";
    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

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
        body.putAll(e.extra());
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
