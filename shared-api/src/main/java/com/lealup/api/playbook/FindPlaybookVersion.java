package com.lealup.api.playbook;

/** The version the playbooks read model shows for a playbook (deleted ones included), 0 when none. */
public record FindPlaybookVersion(String playbookId) {
}
