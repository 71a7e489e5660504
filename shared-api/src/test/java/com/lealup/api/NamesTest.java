package com.lealup.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Blank as the OpenAPI document's {@code \S} pattern says it: ECMA-262's white space, not Java's; names alike ignoring
 * case as Unicode's full case folding calls them.
 */
class NamesTest {

    @Test
    void aNameOfAnyWhiteSpaceIsBlank() {
        for (String blank : new String[] {"", " ", "\t\n", "\u00A0", "\u1680", "\u2007", "\u202F", "\u205F", "\u3000",
                "\u2028", "\u2029", "\uFEFF", " \u00A0\u3000 ", "\u0001"}) {
            assertThat(Names.isBlank(blank)).as("U+%04X", blank.isEmpty() ? 0 : (int) blank.charAt(0)).isTrue();
        }
    }

    @Test
    void aNameWithAnythingElseIsNot() {
        for (String name : new String[] {"a", "\u00A0a", "\u200B", "\u00AD", "\uD83D\uDE00", "\u0301"}) {
            assertThat(Names.isBlank(name)).as(name).isFalse();
        }
    }

    @Test
    void caseVariantsShareTheirCaselessKey() {
        String[][] alike = {{"Enterprise", "ENTERPRISE"}, {"Straße", "STRASSE"}, {"STRAẞE", "strasse"}, {"ẞ4", "ß4"},
                {"ΤΕΣΤ ΑΣ", "τεστ ας"}, {"σας", "ΣΑΣ"}, {"ﬀ", "FF"}, {"İi", "i\u0307I"}, {"Café", "CAFE\u0301"},
                {"\u212A", "k"}, {"ıΣ", "ıσ"}};
        for (String[] pair : alike) {
            assertThat(Names.caseless(pair[0])).as(pair[0] + " / " + pair[1]).isEqualTo(Names.caseless(pair[1]));
        }
        assertThat(Names.caseless("Café")).isNotEqualTo(Names.caseless("Cafe"));
        // folding keeps the dotless ı apart from i (and I), which Java's upper case of it is
        assertThat(Names.caseless("ıx3")).isNotEqualTo(Names.caseless("ix3")).isNotEqualTo(Names.caseless("IX3"));
        assertThat(Names.caseless("Straße")).isEqualTo("strasse");
        // characters that show as nothing are left out of the key
        assertThat(Names.caseless("No\u200Brth\u00AD")).isEqualTo(Names.caseless("NORTH"));
        assertThat(Names.caseless("\u202EEvil")).isEqualTo("evil");
        // Unicode's default ignorables, in the first plane and beyond it
        for (String ignorable : new String[] {"No\uFEFFrth", "North\uFE0F", "N\u034Forth", "Nor\u3164th",
                "Nort\u206Ah", "North\uDB40\uDC41"}) {
            assertThat(Names.caseless(ignorable)).as(ignorable.codePoints().mapToObj(c -> "U+%04X".formatted(c)).toList()
                    .toString()).isEqualTo("north");
        }
    }

    @Test
    void aControlCharacterInsideANameIsNoPartOfIt() {
        for (String name : new String[] {"a\nb", "a\tb", "\u001B[31mred", "red\u001B", "a\u007Fb", "a\u0085b", "a\u2028b",
                "a\u2029b"}) {
            assertThat(Names.holdsControls(name)).as(name).isTrue();
        }
        for (String name : new String[] {"North", " \t North \r\n", "Caf\u00E9", "\uD83D\uDC68\u200D\uD83D\uDC69",
                "\u0645\u0631\u062D\u0628\u0627"}) {
            assertThat(Names.holdsControls(name)).as(name).isFalse();
        }
    }

    @Test
    void whiteSpaceAroundANameIsTakenOffAsEcmaScriptCallsIt() {
        assertThat(Names.trimmed(" \t\u00A0\u3000\u2028\uFEFFNorth Star\u00A0\r\n\u2029")).isEqualTo("North Star");
        assertThat(Names.trimmed("\u001BNorth")).as("an escape is refused, not taken off").isEqualTo("\u001BNorth");
    }

    @Test
    void theOpenApiPatternSaysWhatTheRulesDo() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(Names.PATTERN);
        for (String name : new String[] {"North", " North\n", "Caf\u00E9 Norte"}) {
            assertThat(pattern.matcher(name).matches()).as(name).isTrue();
        }
        for (String name : new String[] {"", " ", "a\nb", "\u001B[31mred", "\u001B", "a\u2028b"}) {
            assertThat(pattern.matcher(name).matches()).as(name).isFalse();
        }
    }
}
