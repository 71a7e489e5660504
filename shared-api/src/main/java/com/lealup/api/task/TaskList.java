package com.lealup.api.task;

import java.util.List;

public record TaskList(List<TaskView> rows) {
}
