package com.lealup.api.customer;

import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.task.TaskView;
import java.util.List;

/**
 * A customer with its current health (calculation 0 when never scored; no trend: the page does not show it) and its
 * pending and in-progress tasks by due date, undated last; the three read models as one moment saw them.
 */
public record CustomerDetail(CustomerView customer, CustomerHealthView health, List<TaskView> openTasks) {
}
