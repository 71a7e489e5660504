package com.lealup.write.bulkimport;

/** The jobs that have rows left and have not failed, written in the job's own transactions (the runner's work list). */
interface ImportQueue {

    void enqueue(String jobId, String workspaceId, String traceId);

    void dequeue(String jobId);
}
