package com.lealup.http.support.auth;

import com.lealup.api.Actor;
import com.lealup.api.Ids;
import com.lealup.api.identity.BootstrapKeyIds;
import com.lealup.api.identity.CreateWorkspace;
import com.lealup.api.identity.IssueApiKey;
import com.lealup.api.identity.Roles;
import com.lealup.api.identity.Scopes;
import com.lealup.api.identity.Tiers;
import com.lealup.http.support.Caller;
import com.lealup.http.support.Commands;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * First start: makes sure workspace {@code Default} (tier growth) exists with an admin key of all scopes. With
 * {@code lealup.bootstrap-token} (env {@code LEALUP_BOOTSTRAP_TOKEN}) that token is the key's secret; without it
 * a secret is generated when {@code Default} is created and logged once.
 * <p>
 * Idempotent through the event store, not the read model (which may still be replaying at start): the
 * workspace has a fixed id and the bootstrap key an id derived from its secret ({@link BootstrapKeyIds}), and
 * creating either again is a no-op. So a restart never duplicates them, and never brings back a bootstrap key an
 * admin revoked. It does not wait for the read model either: a start must not fail because projections are still
 * catching up.
 */
@Component
class Bootstrap implements ApplicationRunner {

    static final String DEFAULT_WORKSPACE_ID = Ids.WORKSPACE + "_" + "0".repeat(26);
    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final Commands commands;
    private final BootstrapKeyIds keyIds;
    private final String bootstrapToken;

    Bootstrap(Commands commands, BootstrapKeyIds keyIds, @Value("${lealup.bootstrap-token:}") String bootstrapToken) {
        this.commands = commands;
        this.keyIds = keyIds;
        this.bootstrapToken = bootstrapToken;
    }

    @Override
    public void run(ApplicationArguments args) {
        Caller system = new Caller(DEFAULT_WORKSPACE_ID, Tiers.GROWTH, Actor.SYSTEM, "bootstrap", Roles.ADMIN, Set.of());
        boolean created = commands.send(system, new CreateWorkspace(DEFAULT_WORKSPACE_ID, "Default", Tiers.GROWTH));
        if (!bootstrapToken.isEmpty()) {
            String hash = Secrets.sha256Hex(bootstrapToken);
            String keyId = keyIds.idFor(hash);
            boolean issued = commands.send(system, adminKey(keyId, hash));
            if (!issued) {
                LOG.info("The bootstrap key {} (LEALUP_BOOTSTRAP_TOKEN) exists already; if an admin revoked it, it stays revoked",
                        keyId);
            }
        } else if (created) {
            String secret = Secrets.newApiKeySecret();
            String keyId = Ids.next(Ids.API_KEY);
            commands.send(system, adminKey(keyId, Secrets.sha256Hex(secret)));
            LOG.warn("Created workspace 'Default' ({}) with admin API key {}. Its secret is shown this once, store it: {}",
                    DEFAULT_WORKSPACE_ID, keyId, secret);
        }
    }

    private static IssueApiKey adminKey(String keyId, String secretHash) {
        return new IssueApiKey(keyId, DEFAULT_WORKSPACE_ID, "Bootstrap admin key", Roles.ADMIN, Scopes.ALL, null, secretHash);
    }
}
