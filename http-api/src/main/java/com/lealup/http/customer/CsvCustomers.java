package com.lealup.http.customer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.StorableText;
import com.lealup.api.bulkimport.RowError;
import com.lealup.http.support.ApiException;
import com.lealup.http.support.FieldRules;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A CSV import body (UTF-8, RFC 4180: fields separated by commas, optionally in double quotes, {@code ""} a quote
 * inside them, records ended by CRLF, LF or CR; a blank line, empty or of spaces and tabs only, is no record) read
 * into the rows the JSON form would have sent: a header row of
 * customer field names, {@code id} and {@code custom_fields.<key>}; an empty cell is an absent field; {@code arr} and
 * custom field cells that are JSON numbers become numbers, custom field cells {@code true}/{@code false} booleans,
 * every other cell a string (so the JSON rules judge it: {@code "arr": "abc"} is {@code invalid_type}). A header that
 * names something else, malformed quoting or a body that is not UTF-8 fail the request (400); a record with the
 * wrong number of fields fails its row.
 */
final class CsvCustomers {

    private static final String CUSTOM_PREFIX = "custom_fields.";
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final List<String> header;
    private final List<List<String>> records;

    private CsvCustomers(List<String> header, List<List<String>> records) {
        this.header = header;
        this.records = records;
    }

    static CsvCustomers read(byte[] body, Set<String> customerFields) {
        List<List<String>> all = parse(decode(body));
        if (all.isEmpty()) {
            throw ApiException.validation("body", "required", "A CSV import needs a header row");
        }
        List<String> header = all.get(0);
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (column.startsWith(CUSTOM_PREFIX)) {
                // a key no custom field may have would fail every row: the file is refused as a whole
                if (!FieldRules.isCustomFieldKey(column.substring(CUSTOM_PREFIX.length()))) {
                    throw ApiException.validation(column, "invalid_format", "Column '" + StorableText.abbreviated(column)
                            + "': " + FieldRules.CUSTOM_FIELD_KEY_RULE);
                }
            } else if (!column.equals("id") && (!customerFields.contains(column) || column.equals("custom_fields"))) {
                // custom_fields itself is an object, which no cell holds: its keys are columns of their own
                throw ApiException.validation(column, "unknown_field", "Unknown column '" + StorableText.abbreviated(column) + "'");
            }
            if (!seen.add(column)) {
                throw ApiException.validation(column, "duplicate_field", "Column '" + StorableText.abbreviated(column) + "' appears twice");
            }
        }
        return new CsvCustomers(header, all.subList(1, all.size()));
    }

    int size() {
        return records.size();
    }

    /** Errors of the record's shape itself (its number of fields); empty when it has the header's. */
    List<RowError> shapeErrors(int row) {
        int fields = records.get(row).size();
        return fields == header.size() ? List.of() : List.of(RowError.of(row, null, "invalid_format"));
    }

    /** The row as the JSON form's object. */
    ObjectNode row(int row) {
        ObjectNode node = NODES.objectNode();
        List<String> cells = records.get(row);
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String cell = cells.get(i);
            if (cell.isEmpty()) {
                continue;
            }
            if (cell.indexOf('\0') >= 0) {
                throw ApiException.validation("customers[" + row + "]." + column, "invalid_value",
                        "Row " + row + ", column '" + StorableText.abbreviated(column) + "' holds U+0000");
            }
            if (column.startsWith(CUSTOM_PREFIX)) {
                ObjectNode custom = node.has("custom_fields") ? (ObjectNode) node.get("custom_fields") : node.putObject("custom_fields");
                custom.set(column.substring(CUSTOM_PREFIX.length()), customValue(row, column, cell));
            } else {
                node.set(column, column.equals("arr") && JSON_NUMBER.matcher(cell).matches()
                        ? number(row, column, cell) : NODES.textNode(cell));
            }
        }
        return node;
    }

    private static JsonNode customValue(int row, String column, String cell) {
        if (cell.equals("true") || cell.equals("false")) {
            return NODES.booleanNode(Boolean.parseBoolean(cell));
        }
        return JSON_NUMBER.matcher(cell).matches() ? number(row, column, cell) : NODES.textNode(cell);
    }

    /**
     * A JSON number cell, as the JSON form reads it (its trees' decimals lose their trailing zeros: {@code 1.50} is
     * 1.5, {@code 0E-1000} is 0); one whose exponent no decimal holds (1e9999999999) is the JSON form's 400 too. Kept
     * as written, {@code 0E-1000} passed the bounds (it is 0) and went into the job's event as a thousand digits,
     * more than the event store reads back, and {@code 0E+10000} as a scale the store cannot write.
     */
    private static JsonNode number(int row, String column, String cell) {
        try {
            BigDecimal number = new BigDecimal(cell);
            return NODES.numberNode(number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros());
        } catch (NumberFormatException e) {
            throw ApiException.validation("customers[" + row + "]." + column, "out_of_range",
                    "Row " + row + ", column '" + StorableText.abbreviated(column) + "' is a number out of range");
        }
    }

    private static String decode(byte[] body) {
        // the JSON form's hygiene check sees no CSV: a strict UTF-8 decoder refuses a lone surrogate (its bytes, ED A0
        // 80, write no character), not U+0000; both are refused naming their line
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer decoded = CharBuffer.allocate(body.length); // no more characters than bytes
        CoderResult result = utf8.decode(ByteBuffer.wrap(body), decoded, true);
        if (!result.isError()) {
            result = utf8.flush(decoded);
        }
        String text = decoded.flip().toString();
        if (result.isError()) {
            throw ApiException.validation("body", "invalid_value", "Line " + lineAt(text, text.length())
                    + " of the CSV import is not UTF-8; a CSV import must be UTF-8");
        }
        int nul = text.indexOf('\u0000');
        if (nul >= 0) {
            throw ApiException.validation("body", "invalid_value", "Line " + lineAt(text, nul) + " of the CSV import "
                    + StorableText.problem(text.substring(nul, nul + 1)));
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The line (from 1) of the character at {@code index} of {@code text}. */
    private static long lineAt(String text, int index) {
        return IntStream.range(0, index).filter(i -> endsLine(text, i)).count() + 1;
    }

    /**
     * RFC 4180 records; a blank line is none (an editor's stray line would otherwise be a row of absent fields, or
     * one too many for the limit), so a final line break ends the last record rather than starting an empty one.
     */
    private static List<List<String>> parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int line = 1;
        int quoteLine = 1;
        boolean quoted = false;
        boolean wasQuoted = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    line += endsLine(text, i) ? 1 : 0;
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                quoteLine = line;
                wasQuoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                if (!isBlankLine(record, field, wasQuoted)) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                wasQuoted = false;
                line++;
            } else if (wasQuoted) {
                throw ApiException.validation("body", "invalid_format",
                        "Line " + line + ": a quoted field must end at a comma or line break");
            } else if (c == '"') {
                throw ApiException.validation("body", "invalid_format", "Line " + line + ": a field holding a double "
                        + "quote must be quoted, the quote doubled (\"a\"\"b\")");
            } else {
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            // the line the quote opened on: the end of the body is where it was found missing, not where to look
            throw ApiException.validation("body", "invalid_format",
                    "Line " + quoteLine + ": a quoted field is not closed");
        }
        if (!isBlankLine(record, field, wasQuoted)) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    /** Whether the character at {@code i} ends a line: LF, or CR not followed by LF (CRLF ends one line, not two). */
    private static boolean endsLine(String text, int i) {
        char c = text.charAt(i);
        return c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
    }

    /** Whether the line read so far, its last field {@code field}, holds no comma, no quotes and nothing but blanks. */
    private static boolean isBlankLine(List<String> record, CharSequence field, boolean wasQuoted) {
        return record.isEmpty() && !wasQuoted && field.chars().allMatch(c -> c == ' ' || c == '\t');
    }
}
