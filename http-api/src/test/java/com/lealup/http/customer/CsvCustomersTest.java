package com.lealup.http.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.lealup.http.support.ApiException;
import com.lealup.http.support.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CsvCustomersTest {

    private static CsvCustomers read(String csv) {
        return CsvCustomers.read(csv.getBytes(StandardCharsets.UTF_8), CustomerInput.CUSTOMER_FIELDS);
    }

    /** As the JSON form reads them: a number as written with a scale of thousands is more than the store holds. */
    @Test
    void numberCellsAreTheNumbersTheJsonFormReads() {
        CsvCustomers csv = read("name,email_domain,arr,custom_fields.a,custom_fields.b,custom_fields.c,custom_fields.d\n"
                + "A,a.com,1200.50,0E-1000,0E+10000,1." + "0".repeat(1500) + ",1E+3\n");
        com.fasterxml.jackson.databind.JsonNode row = csv.row(0);
        assertThat(row.path("arr").decimalValue()).isEqualByComparingTo("1200.5").hasScaleOf(1);
        assertThat(row.path("custom_fields").path("a").decimalValue()).isEqualTo(java.math.BigDecimal.ZERO);
        assertThat(row.path("custom_fields").path("b").decimalValue()).isEqualTo(java.math.BigDecimal.ZERO);
        assertThat(row.path("custom_fields").path("c").decimalValue()).isEqualTo(java.math.BigDecimal.ONE);
        assertThat(row.path("custom_fields").path("d").decimalValue()).isEqualByComparingTo("1000");
    }

    @Test
    void aBlankLineIsNoRowWhereverItIs() {
        CsvCustomers csv = read("\r\nname,email_domain\r\n\r\nA,a.com\n \t\nB,b.com\n\n\n  ");
        assertThat(csv.size()).isEqualTo(2);
        assertThat(csv.row(0).path("name").asText()).isEqualTo("A");
        assertThat(csv.row(1).path("name").asText()).isEqualTo("B");
        assertThat(csv.shapeErrors(1)).isEmpty();
    }

    @Test
    void aLineOfEmptyOrQuotedCellsIsARow() {
        CsvCustomers csv = read("name,email_domain\n,\n\"\"\n\" \"\n");
        assertThat(csv.size()).isEqualTo(3);
        assertThat(csv.row(0).isEmpty()).isTrue();
        assertThat(csv.shapeErrors(1)).isNotEmpty();
        assertThat(csv.shapeErrors(2)).isNotEmpty();
    }

    @Test
    void theRowLimitCountsRowsNotBlankLines() {
        String rows = IntStream.range(0, CustomerImportController.MAX_ROWS)
                .mapToObj(i -> "C" + i + ",c" + i + ".com\n").collect(Collectors.joining());
        assertThat(read("name,email_domain\n" + rows + "\n").size()).isEqualTo(CustomerImportController.MAX_ROWS);
    }

    @Test
    void aQuoteInAnUnquotedFieldIsRefusedNamingItsLine() {
        String csv = "name,email_domain\nA,a.com\n\nab\"c,b.com\n";
        assertThat(FieldErrors.of(() -> read(csv))).containsExactly("body invalid_format");
        assertThat(catchThrowableOfType(ApiException.class, () -> read(csv)).errors().get(0).message())
                .startsWith("Line 4: ");
        assertThat(read("name,email_domain\n\"ab\"\"c\",b.com\n").row(0).path("name").asText()).isEqualTo("ab\"c");
    }

    @Test
    void theLineOfAnErrorCountsLineBreaksAsTheRecordsDoInsideQuotesToo() {
        assertThat(messageOf("name,email_domain\r\"a\rb\",a.com\rab\"c,b.com\r")).startsWith("Line 4: ");
        assertThat(messageOf("name,email_domain\r\n\"a\r\nb\",a.com\r\nab\"c,b.com\r\n")).startsWith("Line 4: ");
        assertThat(messageOf("name,email_domain\rA,a.com\rB,b\u0000.com\r")).startsWith("Line 3 ");
    }

    @Test
    void anUnclosedQuoteIsNamedByTheLineItOpensOn() {
        assertThat(messageOf("name,email_domain\nA,a.com\n\"B,b.com\nC,c.com\n")).startsWith("Line 3: ");
    }

    private static String messageOf(String csv) {
        return catchThrowableOfType(ApiException.class, () -> read(csv)).errors().get(0).message();
    }
}
