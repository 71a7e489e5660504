package com.lealup.api.projections;

/**
 * Whether a processing group is being replayed in place: the token of one of its segments, on whichever node, is a
 * replay token short of the position it was reset at, so the state the group keeps holds only part of the history.
 * Read from the token store in the caller's transaction. Implemented by the app's projection monitor; the health
 * scoring asks it of the signals it reads (docs/health-model.md).
 */
public interface InPlaceReplays {

    boolean replayingInPlace(String processingGroup);
}
