package com.lealup.api.bulkimport;

import com.lealup.api.customer.CustomerFields;
import java.util.List;
import java.util.Set;

/**
 * One row of an import, checked at the edge as a create and as an update would be, for the forms the import's
 * options may need: {@code create} (the fields of a new customer, defaults included) or, when the row is invalid as
 * a create, {@code createErrors}; likewise {@code update} (only the fields the row sets, {@code cleared} those it
 * sets to null) or {@code updateErrors}. {@code customerId} is the row's {@code id} (for {@code match_on=id}).
 */
public record ImportRow(int row, String customerId, String ownerEmail, CustomerFields create,
                        List<RowError> createErrors, CustomerFields update, Set<String> cleared,
                        List<RowError> updateErrors) {
}
