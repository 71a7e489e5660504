package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.lealup.api.StorableText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before any endpoint runs, the text PostgreSQL cannot store ({@link StorableText}) wherever a request
 * carries it: query parameters (names and values) and JSON bodies (member names and values at any depth, named by
 * their JSON path). Such a value would otherwise be accepted into an event whose projection then fails on every
 * retry. A UTF-8 body must be well-formed ({@link WellFormedUtf8}). Query parameters must be UTF-8, strictly (Tomcat
 * would read malformed bytes as U+FFFD). Paths need no check:
 * Tomcat refuses a NUL or malformed UTF-8 in one as an invalid URI. (A multipart body is never parsed: multipart
 * resolution is off, so it is a type the operation does not consume, {@code 415}.) Types, formats and bounds of each
 * value are the strict request JSON's ({@link RequestJson}) and the endpoints'.
 */
@Component
@Order(FilterOrder.INPUT_HYGIENE)
class InputHygieneFilter extends OncePerRequestFilter {

    /**
     * Bodies read by their endpoint's own streaming parser, which applies the same check per item: a bad event of
     * a batch is rejected alone, by index (docs/ingestion.md), and the largest bodies are not parsed twice.
     */
    private static final Set<String> SELF_CHECKED_BODIES = Set.of("POST /v1/events");
    /**
     * Reads a raw control character in a string (not JSON, e.g. the U+0000 of a UTF-16 body) so that a NUL is named by
     * its field whatever the endpoint binds: a typed record would name it, a tree ({@code ObjectNode}) would not.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS).build();

    private final ProblemWriter problems;

    InputHygieneFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            checkQuery(request.getQueryString());
            chain.doFilter(checkBody(request), response);
        } catch (ApiException refused) {
            problems.write(request, response, refused);
        }
    }

    private static void checkQuery(String query) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), null);
            String field = StorableText.printable(name);
            refuseUnstorable("Query parameter name '" + StorableText.abbreviated(name) + "'", field, name);
            String value = decode(equals < 0 ? "" : pair.substring(equals + 1), field);
            refuseUnstorable("Query parameter '" + StorableText.abbreviated(name) + "'", field, value);
        }
    }

    /**
     * A name or value as strict UTF-8: Tomcat turns malformed bytes (a lone {@code %FF}, the surrogates' {@code %ED%A0%80})
     * into U+FFFD silently, so they are refused here, before anything reads the parameter.
     */
    private static String decode(String text, String parameter) {
        String field = parameter == null ? text : parameter;
        byte[] bytes;
        try {
            // ISO-8859-1 maps each percent-encoded byte to the char of the same value, so no byte is lost
            bytes = URLDecoder.decode(text, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field, "invalid_format",
                    "Query parameter '" + StorableText.abbreviated(field) + "' is not percent-encoded");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            String quoted = StorableText.abbreviated(field);
            String what = parameter == null ? "Query parameter name '" + quoted + "'" : "Query parameter '" + quoted + "'";
            throw ApiException.validation(field, "invalid_value", what + " is not valid UTF-8");
        }
    }

    private static void refuseUnstorable(String what, String field, String text) {
        String problem = StorableText.problem(text);
        if (problem != null) {
            throw ApiException.validation(field, "invalid_value", what + " " + problem);
        }
    }

    /** The request to go on with: its JSON body, if any, read and checked. */
    private static HttpServletRequest checkBody(HttpServletRequest request) throws IOException {
        MediaType type = mediaType(request.getContentType());
        if (type == null) {
            return request;
        }
        // only what an operation takes: any other type, application/problem+json included, is 415 whatever it holds
        boolean json = MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type);
        if (!json || SELF_CHECKED_BODIES.contains(request.getMethod() + " " + RoutedPath.of(request))) {
            return request;
        }
        byte[] body = CachedBodyRequest.body(request);
        if (UnstorableJson.suspect(body, 0, body.length)) {
            UnstorableJson.Finding found = find(body);
            if (found != null) {
                String field = found.path().isEmpty() ? "body" : found.path();
                throw ApiException.validation(field, "invalid_value",
                        "Field '" + StorableText.abbreviated(field) + "' " + found.problem());
            }
        }
        WellFormedUtf8.require(body); // after the search above, which names the field of a lone surrogate's bytes
        return new CachedBodyRequest(request, body);
    }

    /**
     * The first unstorable string of a JSON body, read as UTF-8 as every endpoint reads it (another encoding is
     * refused as there: {@link RequestJson#utf8Parser}); null if none or not JSON.
     */
    private static UnstorableJson.Finding find(byte[] body) throws IOException {
        try (JsonParser parser = RequestJson.utf8Parser(JSON, body)) {
            return parser.nextToken() == null ? null : UnstorableJson.find(parser);
        } catch (JsonProcessingException notJson) {
            return null; // the endpoint answers malformed_json
        }
    }

    private static MediaType mediaType(String contentType) {
        try {
            return contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return null; // the endpoint answers 415
        }
    }
}
