package com.lealup.api.playbook;

import java.util.List;

/**
 * A playbook's own data. In {@link CreatePlaybook}, {@link PlaybookCreated} and {@link PlaybookUpdated} every
 * field is set (description may be null); in {@link UpdatePlaybook} a null field is unchanged, and
 * description named in its {@code cleared} is removed.
 */
public record PlaybookDefinition(String name, String description, PlaybookTrigger trigger,
                                 List<PlaybookAction> actions, Boolean enabled, Integer cooldownDays) {

    public static final String DESCRIPTION = "description";

    /** The definition after {@code changes} (an {@link UpdatePlaybook}'s partial definition). */
    public PlaybookDefinition with(PlaybookDefinition changes, boolean clearDescription) {
        return new PlaybookDefinition(
                changes.name() != null ? changes.name() : name,
                clearDescription ? null : changes.description() != null ? changes.description() : description,
                changes.trigger() != null ? changes.trigger() : trigger,
                changes.actions() != null ? changes.actions() : actions,
                changes.enabled() != null ? changes.enabled() : enabled,
                changes.cooldownDays() != null ? changes.cooldownDays() : cooldownDays);
    }
}
