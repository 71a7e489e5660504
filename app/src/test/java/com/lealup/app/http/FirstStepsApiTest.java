package com.lealup.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lealup.app.support.ApiTest;
import com.lealup.app.support.HttpClientSupport;
import com.lealup.app.support.HttpClientSupport.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/first-steps.http}, the README's first steps, sent request by request to the server: each answer is a
 * success, and (as every answer of an API test) what the OpenAPI document promises. The subset of the REST Client
 * syntax it uses: {@code @variables}, {@code # @name}, {@code {{name.response.body.$.a.b}}}, and
 * {@code {{$datetime iso8601}}} / {@code {{$datetime "YYYY-MM-DD" N d}}}.
 */
class FirstStepsApiTest extends ApiTest {

    private static final Path FILE = Path.of("../docs/first-steps.http");
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{([^{}]+)}}");

    private record Request(String name, String method, String target, Map<String, String> headers, String body) {
    }

    @Test
    void theFirstStepsOfTheReadmeWorkAsWritten() throws IOException {
        Map<String, String> variables = new HashMap<>(Map.of("baseUrl", "", "operatorToken", OPERATOR_TOKEN));
        Map<String, JsonNode> answers = new HashMap<>();
        List<Request> requests = parse(Files.readString(FILE), variables);
        assertThat(requests).hasSizeGreaterThanOrEqualTo(5);
        for (Request request : requests) {
            HttpClientSupport.Call call = switch (request.method()) {
                case "GET" -> http().get(expand(request.target(), variables, answers));
                case "POST" -> http().post(expand(request.target(), variables, answers));
                case "PATCH" -> http().patch(expand(request.target(), variables, answers));
                default -> throw new AssertionError("method " + request.method());
            };
            request.headers().forEach((name, value) -> call.header(name, expand(value, variables, answers)));
            if (!request.body().isBlank()) {
                call.rawBody(expand(request.body(), variables, answers), request.headers().get("Content-Type"));
            }
            Response response = call.send();
            assertThat(response.status()).as(request.method() + " " + request.target() + ": " + response)
                    .isBetween(200, 299);
            if (request.name() != null) {
                answers.put(request.name(), response.json());
            }
        }
    }

    private static List<Request> parse(String text, Map<String, String> variables) {
        List<Request> requests = new ArrayList<>();
        for (String block : text.split("(?m)^###.*$")) {
            String name = null;
            List<String> lines = new ArrayList<>();
            for (String line : block.split("\n")) {
                Matcher named = Pattern.compile("^# @name (\\w+)").matcher(line);
                if (named.find()) {
                    name = named.group(1);
                } else if (line.startsWith("@") && line.contains("=")) {
                    String[] pair = line.substring(1).split("=", 2);
                    variables.putIfAbsent(pair[0].trim(), pair[1].trim());
                } else if (!line.startsWith("#")) {
                    lines.add(line);
                }
            }
            while (!lines.isEmpty() && lines.get(0).isBlank()) {
                lines.remove(0);
            }
            if (lines.isEmpty()) {
                continue;
            }
            String[] requestLine = lines.get(0).trim().split(" ", 2);
            Map<String, String> headers = new HashMap<>();
            int at = 1;
            for (; at < lines.size() && !lines.get(at).isBlank(); at++) {
                String[] header = lines.get(at).split(":", 2);
                headers.put(header[0].trim(), header[1].trim());
            }
            String body = String.join("\n", lines.subList(Math.min(at, lines.size()), lines.size())).trim();
            requests.add(new Request(name, requestLine[0], requestLine[1], headers, body));
        }
        return requests;
    }

    private String expand(String text, Map<String, String> variables, Map<String, JsonNode> answers) {
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            reference.appendReplacement(out, Matcher.quoteReplacement(value(reference.group(1).trim(), variables, answers)));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private String value(String expression, Map<String, String> variables, Map<String, JsonNode> answers) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (expression.equals("$datetime iso8601")) {
            return clock.instant().toString();
        }
        Matcher date = Pattern.compile("\\$datetime \"YYYY-MM-DD\"(?: (-?\\d+) d)?").matcher(expression);
        if (date.matches()) {
            return today.plusDays(date.group(1) == null ? 0 : Long.parseLong(date.group(1)))
                    .format(DateTimeFormatter.ISO_LOCAL_DATE);
        }
        Matcher answer = Pattern.compile("(\\w+)\\.response\\.body\\.\\$\\.([\\w.]+)").matcher(expression);
        if (answer.matches()) {
            JsonNode node = answers.get(answer.group(1));
            for (String member : answer.group(2).split("\\.")) {
                node = node.path(member);
            }
            assertThat(node.isValueNode()).as(expression).isTrue();
            return node.asText();
        }
        assertThat(variables).as(expression).containsKey(expression);
        return variables.get(expression);
    }
}
