package com.lealup.app.persistence;

/**
 * The embedded PostgreSQL cannot start on the data directory, for a reason the operator mends
 * ({@link DataDirectoryFailureAnalyzer} tells it, without a stack trace).
 */
final class DataDirectoryUnusable extends IllegalStateException {

    private final String action;

    DataDirectoryUnusable(String problem, String action) {
        super(problem);
        this.action = action;
    }

    String action() {
        return action;
    }
}
