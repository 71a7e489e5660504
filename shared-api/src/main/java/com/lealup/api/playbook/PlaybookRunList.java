package com.lealup.api.playbook;

import java.util.List;

public record PlaybookRunList(List<PlaybookRunView> rows) {
}
