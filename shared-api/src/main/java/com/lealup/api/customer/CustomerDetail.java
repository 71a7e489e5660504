package com.lealup.api.customer;

import com.lealup.api.health.CustomerHealthView;
import com.lealup.api.task.TaskView;
import java.util.List;

/**
 * A customer with its current health (calculation 0 when never scored; no trend: the page does not show it) and its
 * first {@value #OPEN_TASKS_SHOWN} pending and in-progress tasks by due date, undated last, of {@code openTaskCount};
 * the three read models as one moment saw them.
 */
public record CustomerDetail(CustomerView customer, CustomerHealthView health, List<TaskView> openTasks,
                             long openTaskCount) {

    /**
     * The most open tasks a page shows, as a list's default page: a customer a playbook without a cooldown gave
     * thousands of tasks would answer megabytes to every write of it; the rest are {@code GET /v1/tasks?customer_id=}.
     */
    public static final int OPEN_TASKS_SHOWN = 50;
}
