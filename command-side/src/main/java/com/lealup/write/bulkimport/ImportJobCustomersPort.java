package com.lealup.write.bulkimport;

import java.util.Collection;
import java.util.Set;

/**
 * Which import jobs hold rows naming which customers ({@code import_job_customer}), written with each chunk: the
 * erasure of a customer overwrites its values in every such job (docs/gdpr-erasure.md).
 */
public interface ImportJobCustomersPort {

    void add(String jobId, Collection<String> customerIds);

    /** The jobs whose rows name the customer. */
    Set<String> jobsNaming(String customerId);
}
