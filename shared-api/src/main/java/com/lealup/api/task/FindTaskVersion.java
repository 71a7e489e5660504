package com.lealup.api.task;

/** The version of a task as the tasks read model has it (0 when unknown), for read-your-writes. */
public record FindTaskVersion(String taskId) {
}
