package com.lealup.api.identity;

/**
 * The id of the bootstrap admin key ({@code LEALUP_BOOTSTRAP_TOKEN}): the same for one secret on every node and at
 * every start, so that issuing it again is a no-op, and telling nothing of the secret to whoever reads it (histories
 * show it to any reader of a customer).
 */
public interface BootstrapKeyIds {

    /** The id of the bootstrap key whose secret has {@code secretHash} (SHA-256, hex). */
    String idFor(String secretHash);
}
