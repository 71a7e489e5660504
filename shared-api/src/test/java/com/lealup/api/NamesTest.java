package com.lealup.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Blank as the OpenAPI document's {@code \S} pattern says it: ECMA-262's white space, not Java's. */
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
}
