package com.lealup.read.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.health.DimensionScore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.stereotype.Component;

/** A row of {@code health_view} as {@link #COLUMNS} selects it, read by position: also from a statement that joins it. */
@Component
public class HealthRows {

    public static final String COLUMNS =
            "calculation, score, status, model_version, dimensions::text AS dimensions, calculated_at";

    private static final TypeReference<List<DimensionScore>> DIMENSIONS = new TypeReference<>() { };

    private final ObjectMapper json;

    public HealthRows(ObjectMapper json) {
        this.json = json;
    }

    /** The health of a customer never scored. */
    public static CustomerHealthView unscored(String customerId) {
        return new CustomerHealthView(customerId, 0, null, null, null, null, List.of(), null, null);
    }

    /**
     * The customer's current health, without its trend, from the {@link #COLUMNS} that start at column {@code first};
     * all null (a join that found no row) is a customer never scored.
     */
    public CustomerHealthView current(ResultSet rs, int first, String customerId) throws SQLException {
        long calculation = rs.getLong(first);
        if (rs.wasNull()) {
            return unscored(customerId);
        }
        int score = rs.getInt(first + 1);
        Integer scored = rs.wasNull() ? null : score;
        try {
            return new CustomerHealthView(customerId, calculation, scored, rs.getString(first + 2),
                    rs.getInt(first + 3), rs.getTimestamp(first + 5).toInstant(),
                    json.readValue(rs.getString(first + 4), DIMENSIONS), null, null);
        } catch (JsonProcessingException e) {
            throw new SQLException("dimensions of " + customerId + " are not JSON", e);
        }
    }
}
