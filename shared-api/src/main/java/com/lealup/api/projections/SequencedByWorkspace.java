package com.lealup.api.projections;

import com.lealup.api.MetadataKeys;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.async.MetaDataSequencingPolicy;

/**
 * A workspace's events as one sequence, whichever aggregate (or none) they come from: the {@code workspace_id} that
 * every command's events carry in their metadata. For a processing group whose handlers read what other aggregates'
 * events of the workspace write; each group says why in the configuration that registers it (docs/architecture.md,
 * "Sequencing"). An event without the key is a sequence of its own.
 */
public final class SequencedByWorkspace {

    private SequencedByWorkspace() {
    }

    /** This sequencing for the processing group. */
    public static ConfigurerModule in(String processingGroup) {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(processingGroup,
                configuration -> MetaDataSequencingPolicy.builder().metaDataKey(MetadataKeys.WORKSPACE_ID).build());
    }
}
