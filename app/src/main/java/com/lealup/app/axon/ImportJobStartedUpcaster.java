package com.lealup.app.axon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lealup.api.bulkimport.ImportJobStarted;
import com.lealup.api.bulkimport.ImportOptions;
import java.util.function.Consumer;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * {@link ImportJobStarted} revision 1 to 2, whose {@code conflict_resolution} applies in {@code create_or_update}
 * mode too. Revision 1 updated every match in that mode whatever it held (the edge stored its default, {@code fail},
 * there): what it did is {@code overwrite}, which a job started then and resumed now must go on doing.
 */
class ImportJobStartedUpcaster extends JsonPayloadUpcaster {

    ImportJobStartedUpcaster() {
        super(ImportJobStarted.class);
    }

    @Override
    protected Consumer<ObjectNode> change(IntermediateEventRepresentation representation) {
        return fields -> {
            if (fields.get("options") instanceof ObjectNode options
                    && ImportOptions.CREATE_OR_UPDATE.equals(options.path("mode").asText())) {
                options.put("conflict_resolution", ImportOptions.OVERWRITE);
            }
        };
    }
}
