package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.lealup.api.Names;
import com.lealup.api.Texts;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FieldRulesTest {

    private static final List<String> SAMPLES = List.of("Acme", "  Acme\n", "Caf\u00E9", "\u00A0Acme\u3000", "Two\nlines",
            "a\r\nb", "tab\there", "\u001B[31mred", "bell\u0007", "nel\u0085", "del\u007F", "a\u2028b", "", " \n ",
            "\u000Bvt", "ff\u000C", "mid\u000Bdle", "\uFEFFbom");

    @Test
    void aLineIsANameAndItsPatternSaysSo() {
        Pattern pattern = Pattern.compile(Names.PATTERN);
        for (String sample : SAMPLES) {
            assertThat(accepts(FieldRules::line, sample)).as(sample).isEqualTo(pattern.matcher(sample).matches());
        }
        assertThat(accepts(FieldRules::line, "Two\nlines")).isFalse();
        assertThat(accepts(FieldRules::line, "tab\there")).isFalse();
        assertThat(accepts(FieldRules::line, "  Acme\n")).isTrue();
    }

    @Test
    void aTextKeepsTabsAndLineBreaksRefusesOtherControlsAndItsPatternSaysSo() {
        Pattern pattern = Pattern.compile(Texts.PATTERN);
        for (String sample : SAMPLES) {
            assertThat(accepts(FieldRules::text, sample)).as(sample).isEqualTo(pattern.matcher(sample).matches());
        }
        assertThat(accepts(FieldRules::text, "a\r\nb\tc\u2028d")).isTrue();
        for (String refused : List.of("\u001B[31mred", "bell\u0007", "nel\u0085", "del\u007F", "mid\u000Bdle", " ")) {
            assertThat(accepts(FieldRules::text, refused)).as(refused).isFalse();
        }
        FieldRules rules = new FieldRules();
        assertThat(rules.text("notes", "\u00A0 Agenda:\n\t1. renewal \r\n", 100)).isEqualTo("Agenda:\n\t1. renewal");
    }

    private interface Rule {
        String check(FieldRules rules, String field, String value, int max);
    }

    private static boolean accepts(Rule rule, String value) {
        FieldRules rules = new FieldRules();
        rule.check(rules, "f", value, 100);
        try {
            rules.throwIfInvalid();
            return true;
        } catch (ApiException e) {
            return false;
        }
    }
}
