package com.lealup.api.bulkimport;

/** Why a row of an import failed, with the codes of {@code POST /v1/customers}; {@code row} is 0-based. */
public record RowError(int row, String field, String code, String message) {
}
