package com.lealup.read.customer;

import com.lealup.api.customer.CustomerSort;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The SQL of each {@link CustomerSort}: its ORDER BY (served by a matching index) and its keyset
 * condition. Nullable sort columns sort last; their keyset condition spells out where nulls stand.
 */
enum CustomerOrder {
    NAME("name_key", "text", true, false),
    ARR_DESC("arr", "numeric", false, false),
    RENEWAL_DATE("renewal_date", "date", true, true),
    HEALTH_SCORE_DESC("health_score", "integer", false, true),
    CREATED_AT_DESC("created_at", "timestamptz", false, false);

    private final String column;
    private final String sqlType;
    private final boolean ascending;
    private final boolean nullable;
    private final String orderBy;

    CustomerOrder(String column, String sqlType, boolean ascending, boolean nullable) {
        this.column = column;
        this.sqlType = sqlType;
        this.ascending = ascending;
        this.nullable = nullable;
        String direction = ascending ? "ASC" : "DESC";
        this.orderBy = column + " " + direction + (nullable ? " NULLS LAST" : "") + ", id " + direction;
    }

    static CustomerOrder of(CustomerSort sort) {
        return valueOf(sort.name());
    }

    String orderBy() {
        return orderBy;
    }

    /** Appends "after the last row served" for {@code position}, the keyset the previous page ended on. */
    void appendAfter(Map<String, String> position, StringBuilder sql, MapSqlParameterSource params) {
        if (position.isEmpty()) {
            return;
        }
        String after = ascending ? ">" : "<";
        String value = position.get("v");
        params.addValue("afterId", position.get("id"));
        if (value == null) {
            // only rows with no value remain after a row with no value (nulls sort last)
            sql.append(" AND ").append(column).append(" IS NULL AND id ").append(after).append(" :afterId");
            return;
        }
        params.addValue("afterValue", this == NAME ? SearchText.key(value) : value);
        String typed = "CAST(:afterValue AS " + sqlType + ")";
        sql.append(" AND ((").append(column).append(", id) ").append(after).append(" (").append(typed).append(", :afterId)");
        if (nullable) {
            sql.append(" OR ").append(column).append(" IS NULL");
        }
        sql.append(")");
    }
}
