package com.lealup.api.playbook;

import java.time.Instant;

/**
 * The playbook's whole new definition (not a diff: the engine and the read model replace what they hold).
 * {@code rearmed} is true when the playbook starts watching afresh — it was enabled, or its trigger changed
 * while enabled — so that it fires once for every customer that matches now.
 */
public record PlaybookUpdated(String playbookId, String workspaceId, PlaybookDefinition definition, boolean rearmed,
                              Instant updatedAt) {
}
