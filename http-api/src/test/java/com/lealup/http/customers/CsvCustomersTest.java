package com.lealup.http.customers;

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
