package com.lealup.api.playbook;

import java.util.List;

public record PlaybookList(List<PlaybookView> rows) {
}
