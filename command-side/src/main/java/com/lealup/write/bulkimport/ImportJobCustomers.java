package com.lealup.write.bulkimport;

import java.util.Collection;

/**
 * Which import jobs hold rows naming which customers ({@code import_job_customer}), written with each chunk: the
 * erasure of a customer overwrites its values in every such job (docs/gdpr-erasure.md).
 */
interface ImportJobCustomers {

    void add(String jobId, Collection<String> customerIds);
}
