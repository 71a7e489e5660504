package com.lealup.http.support;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.lealup.api.StorableText;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds the strings of a JSON document that PostgreSQL cannot store ({@link StorableText}) in two steps: a byte scan
 * that says whether the document may hold one, then, only if it may, a streaming pass that names it by its JSON
 * path. Raw control characters are not JSON, so a U+0000 or an unpaired surrogate can only arrive as a
 * {@code \}{@code u0000}/{@code \}{@code uD800} escape, as the UTF-8-like bytes of a surrogate (ED A0..BF) or in a
 * body that is not UTF-8 (zero bytes); almost every body has none of these and costs one pass over its bytes.
 */
public final class UnstorableJson {

    /** The first unstorable string: its JSON path ({@code custom_fields.tier}, {@code events[3].type}) and why. */
    public record Finding(String path, String problem) {
    }

    private UnstorableJson() {
    }

    /** Whether {@code json[from, to)} may hold an unstorable string (false means it cannot). */
    public static boolean suspect(byte[] json, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (b == 0) {
                return true;
            }
            if (b == '\\' && i + 5 < to && json[i + 1] == 'u' && suspectEscape(json, i + 2)) {
                return true;
            }
            if (b == (byte) 0xED && i + 1 < to && (json[i + 1] & 0xE0) == 0xA0) {
                return true;
            }
        }
        return false;
    }

    /** {@code 0000} or {@code D800}..{@code DFFF}, any case. */
    private static boolean suspectEscape(byte[] json, int at) {
        if (json[at] == '0') {
            return json[at + 1] == '0' && json[at + 2] == '0' && json[at + 3] == '0';
        }
        byte second = json[at + 1];
        return (json[at] == 'd' || json[at] == 'D')
                && (second >= '8' && second <= '9' || second >= 'a' && second <= 'f' || second >= 'A' && second <= 'F');
    }

    /**
     * Reads the value at the parser (a member name or value of any depth below it) and returns its first unstorable
     * string, or null; the parser then stands at the value's last token.
     */
    public static Finding find(JsonParser parser) throws IOException {
        int depth = 0;
        Finding found = null;
        JsonToken token = parser.currentToken();
        while (token != null) {
            if (found == null && (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING)) {
                String problem = StorableText.problem(parser.getText());
                if (problem != null) {
                    found = new Finding(path(parser.getParsingContext()), problem);
                }
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
            if (depth == 0 && token != JsonToken.FIELD_NAME) {
                return found;
            }
            token = parser.nextToken();
        }
        return found;
    }

    /** The path of the parser's current position as the API names fields: {@code lines[0].sku}. */
    public static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + StorableText.printable(c.getCurrentName()));
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
