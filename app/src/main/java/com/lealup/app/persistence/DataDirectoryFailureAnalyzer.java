package com.lealup.app.persistence;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start refused for the data directory is reported as Spring Boot's "APPLICATION FAILED TO START" (the problem,
 * then what to do), not buried in the stack trace of the bean that first needed the database.
 */
class DataDirectoryFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryUnusable> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryUnusable cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
