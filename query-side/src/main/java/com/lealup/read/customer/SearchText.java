package com.lealup.read.customer;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Case- and accent-insensitive text: {@code Compañía} and {@code compania} have the same key, and so do
 * {@code Øresund} and {@code oresund}, {@code Straße} and {@code strasse}, {@code ΟΔΥΣΣΕΥΣ} and {@code Οδυσσεύς}. The
 * one function that makes both the stored keys ({@code customer_view.name_key}, {@code search_text}) and the key a
 * search looks for.
 */
final class SearchText {

    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    /**
     * The longest key, in code points: twice a name's 200 characters, room for every letter folded to two (ß to ss).
     * Only compatibility characters that decompose into more (ﬃ, ㍿, ﷺ) could reach past it; their key is cut, so
     * that every key fits the name index (a B-tree entry holds at most about 2,700 bytes).
     */
    static final int MAX_LENGTH = 400;

    /**
     * The letters of the Latin-1 Supplement and Latin Extended-A and B blocks that have no decomposition, so no mark
     * to strip, folded as PostgreSQL's {@code unaccent} folds them; in lower case, as they are met after lowering.
     * The migration V41 applies the same table to the keys stored before it.
     */
    private static final Map<Character, String> LETTERS = Map.ofEntries(
            Map.entry('æ', "ae"), Map.entry('ð', "d"), Map.entry('ø', "o"), Map.entry('þ', "th"),
            Map.entry('ß', "ss"), Map.entry('đ', "d"), Map.entry('ħ', "h"), Map.entry('ı', "i"),
            Map.entry('ĸ', "q"), Map.entry('ł', "l"), Map.entry('ŋ', "n"), Map.entry('œ', "oe"),
            Map.entry('ŧ', "t"), Map.entry('ƀ', "b"), Map.entry('ɓ', "b"), Map.entry('ƃ', "b"),
            Map.entry('ƈ', "c"), Map.entry('ɖ', "d"), Map.entry('ɗ', "d"), Map.entry('ƌ', "d"),
            Map.entry('ɛ', "e"), Map.entry('ƒ', "f"), Map.entry('ɠ', "g"), Map.entry('ƕ', "hv"),
            Map.entry('ɩ', "i"), Map.entry('ɨ', "i"), Map.entry('ƙ', "k"), Map.entry('ƚ', "l"),
            Map.entry('ɲ', "n"), Map.entry('ƞ', "n"), Map.entry('ƣ', "oi"), Map.entry('ƥ', "p"),
            Map.entry('ƫ', "t"), Map.entry('ƭ', "t"), Map.entry('ʈ', "t"), Map.entry('ʋ', "v"),
            Map.entry('ƴ', "y"), Map.entry('ƶ', "z"), Map.entry('ǥ', "g"), Map.entry('ȡ', "d"),
            Map.entry('ȥ', "z"), Map.entry('ȴ', "l"), Map.entry('ȵ', "n"), Map.entry('ȶ', "t"),
            Map.entry('ȷ', "j"), Map.entry('ȸ', "db"), Map.entry('ȹ', "qp"), Map.entry('ⱥ', "a"),
            Map.entry('ȼ', "c"), Map.entry('ⱦ', "t"), Map.entry('ȿ', "s"), Map.entry('ɀ', "z"),
            Map.entry('ʉ', "u"), Map.entry('ɇ', "e"), Map.entry('ɉ', "j"), Map.entry('ɍ', "r"),
            Map.entry('ɏ', "y"));

    private SearchText() {
    }

    static String key(String text) {
        if (text == null) {
            return "";
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        // Java lowers a capital sigma at a word's end to the final form ς: the same letter as σ, and a q that ends
        // within a word (ΟΔΥΣ, looking for ΟΔΥΣΣΕΥΣ) would look for ...ς where the name holds σ (V47)
        String key = foldLetters(COMBINING_MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT)
                .replace('ς', 'σ'));
        return key.codePointCount(0, key.length()) <= MAX_LENGTH ? key
                : key.substring(0, key.offsetByCodePoints(0, MAX_LENGTH));
    }

    /** A LIKE pattern matching {@code q} anywhere, its wildcards escaped. */
    static String containsPattern(String q) {
        String escaped = key(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static String foldLetters(String lowered) {
        StringBuilder folded = null;
        for (int i = 0; i < lowered.length(); i++) {
            char c = lowered.charAt(i);
            String letter = c < 0x80 ? null : LETTERS.get(c);
            if (letter != null && folded == null) {
                folded = new StringBuilder(lowered.length() + 8).append(lowered, 0, i);
            }
            if (letter != null) {
                folded.append(letter);
            } else if (folded != null) {
                folded.append(c);
            }
        }
        return folded == null ? lowered : folded.toString();
    }
}
