package com.lealup.api.identity;

import java.util.List;

/**
 * Changes after the asked number: their hashes and the number of the last one ({@code version}); {@code everything}
 * when the read model was replaced as a whole since (a replay swapped in), so that no credential known from before
 * can be trusted.
 */
public record CredentialChanges(long version, List<String> secretHashes, boolean everything) {
}
