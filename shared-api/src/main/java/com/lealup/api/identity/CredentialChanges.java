package com.lealup.api.identity;

import java.util.List;

/** Changes after the asked number: their hashes and the number of the last one ({@code version}). */
public record CredentialChanges(long version, List<String> secretHashes) {
}
