package com.lealup.http.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lealup.api.Ids;
import com.lealup.api.customer.CustomerSort;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A cursor is read back only in the shape its list wrote: a forged member more or less is no cursor of it. */
class PaginationTest {

    private static final String TASK = Ids.TASK + "_01JDQ2Z8X6M4V3T5R7P9N1K2H4";

    @Test
    void aCursorOfTheListIsReadBack() {
        String cursor = Pagination.encode(Map.of("id", TASK));

        assertThat(Pagination.decode(cursor, Pagination.byId(Ids.TASK))).containsExactly(Map.entry("id", TASK));
    }

    @Test
    void aMemberMoreOrLessIsRefused() {
        assertRefused(Pagination.encode(Map.of("id", TASK, "extra", "x")), Pagination.byId(Ids.TASK));
        assertRefused(Pagination.encode(Map.of("name", "North")), Pagination.exactly("name", "id"));
        assertRefused("{\"name\": \"North\", \"id\": null}", Pagination.exactly("name", "id"));
    }

    @Test
    void aCustomerListCursorHasItsSortItsValueAndItsIdOnly() {
        CustomerSort sort = CustomerSort.DEFAULT;
        Map<String, String> issued = Map.of("sort", sort.parameter(), "v", "2026-11-26T08:00:00Z", "id", "cus_x");

        assertThat(sort.accepts(issued)).isTrue();
        assertThat(sort.accepts(Map.of("sort", sort.parameter(), "id", "cus_x"))).isFalse();
        Map<String, String> more = new HashMap<>(issued);
        more.put("extra", "x");
        assertThat(sort.accepts(more)).isFalse();
    }

    /** No value to sort by (v null) is a place only in an order whose rows may have none. */
    @Test
    void aCustomerListCursorWithoutAValueBelongsOnlyToAnOrderOfOptionalValues() {
        Map<String, String> none = new HashMap<>(Map.of("id", "cus_x"));
        none.put("v", null);
        for (CustomerSort sort : CustomerSort.values()) {
            none.put("sort", sort.parameter());
            boolean optional = sort == CustomerSort.RENEWAL_DATE || sort == CustomerSort.HEALTH_SCORE_DESC;
            assertThat(sort.accepts(none)).as(sort.parameter()).isEqualTo(optional);
        }
    }

    private static void assertRefused(String cursor, Predicate<Map<String, String>> belongs) {
        String encoded = cursor.startsWith("{")
                ? Base64.getUrlEncoder().encodeToString(cursor.getBytes(StandardCharsets.UTF_8)) : cursor;
        assertThatThrownBy(() -> Pagination.decode(encoded, belongs)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.errors()).extracting(ApiException.FieldError::code).containsExactly("invalid_cursor"));
    }
}
