package com.lealup.api.bulkimport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A row's error names its field and rule, the field quoted short as every message quotes a client's name. */
class RowErrorTest {

    @Test
    void aLongFieldIsQuotedShortAndKeptWhole() {
        String member = "u".repeat(150);
        RowError error = RowError.of(3, member, "unknown_field");
        assertThat(error.field()).isEqualTo(member);
        assertThat(error.message()).isEqualTo("u".repeat(100) + "… is refused (unknown_field)");
        assertThat(RowError.conflict(3, "custom_fields." + member, "invalid_format", "cus_1").message())
                .startsWith("custom_fields.u").contains("… has an invalid format: cus_1").hasSizeLessThan(140);
    }

    @Test
    void aFieldIsCutAfterAHundredCharactersAsTheApiCountsThem() {
        String emoji = "\uD83D\uDE00";
        assertThat(RowError.of(0, emoji.repeat(101), "unknown_field").message())
                .isEqualTo(emoji.repeat(100) + "… is refused (unknown_field)");
        assertThat(RowError.of(0, emoji.repeat(100), "unknown_field").message())
                .isEqualTo(emoji.repeat(100) + " is refused (unknown_field)");
    }

    @Test
    void aShortFieldIsQuotedWhole() {
        assertThat(RowError.of(0, "renewal_date", "renewal_date_in_past").message()).isEqualTo("renewal_date is in the past");
        assertThat(RowError.of(0, null, "required").message()).isEqualTo("The row is required");
    }
}
