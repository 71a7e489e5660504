package com.lealup.api.task;

/** The pending and in-progress tasks of one customer, by due date (undated last). */
public record ListOpenTasksOfCustomer(String workspaceId, String customerId) {
}
