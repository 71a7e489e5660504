package com.lealup.http.support.auth;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The credential caches of every node on the database, and the change of the feed each has applied
 * ({@code credential_cache_node}): what lets a revocation, deactivation or role change answer only once it holds on
 * every node, not only on the one that made it. Each node records its place at every poll of the feed
 * ({@link CredentialCache#catchUp}), in database time. A node whose last record is older than {@link #staleAfter}
 * (ten poll intervals) is not waited for: it died, or its polls fail or hang, and such a node trusts its own cache no
 * longer than that bound after the start of its last recorded poll, so it reads every credential afresh.
 */
@Component
class CredentialCacheNodes {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialCacheNodes.class);
    private static final int POLLS_BEFORE_STALE = 10;
    /** Rows of nodes gone without leaving (killed) are dropped by the next node to start. */
    private static final String FORGOTTEN_AFTER = "1 day";

    private final JdbcTemplate jdbc;
    private final String nodeId = UUID.randomUUID().toString();
    private final Duration staleAfter;
    private boolean joined;

    CredentialCacheNodes(JdbcTemplate jdbc,
                         @Value("${lealup.auth.credential-changes-poll-interval:100ms}") Duration pollInterval) {
        this.jdbc = jdbc;
        this.staleAfter = pollInterval.multipliedBy(POLLS_BEFORE_STALE);
    }

    /** How long a node's cache is trusted after the start of its last recorded poll, and waited for after its record. */
    Duration staleAfter() {
        return staleAfter;
    }

    /** This node's cache has applied every change of the feed up to {@code version}; called by its poller only. */
    void applied(long version) {
        if (!joined) {
            jdbc.update("DELETE FROM credential_cache_node WHERE polled_at < now() - CAST(? AS interval)",
                    FORGOTTEN_AFTER);
            joined = true;
        }
        jdbc.update("""
                INSERT INTO credential_cache_node (node_id, applied_version, polled_at) VALUES (?, ?, now())
                ON CONFLICT (node_id) DO UPDATE SET applied_version = EXCLUDED.applied_version, polled_at = now()""",
                nodeId, version);
    }

    /**
     * Whether every node that polled within {@link #staleAfter} has applied the feed up to {@code version}; not while
     * the database cannot tell.
     */
    boolean appliedEverywhere(long version) {
        try {
            return Boolean.TRUE.equals(jdbc.queryForObject("""
                    SELECT NOT EXISTS (SELECT 1 FROM credential_cache_node
                                        WHERE polled_at > now() - make_interval(secs => ?) AND applied_version < ?)""",
                    Boolean.class, staleAfter.toNanos() / 1e9, version));
        } catch (DataAccessException e) {
            LOG.debug("Could not read the nodes' credential caches: {}", e.getMessage());
            return false;
        }
    }

    /** A node stopped gracefully is waited for no more. */
    @PreDestroy
    void leave() {
        try {
            jdbc.update("DELETE FROM credential_cache_node WHERE node_id = ?", nodeId);
        } catch (DataAccessException e) {
            // its record goes stale within the bound anyway
            LOG.debug("Could not remove this node's credential cache record: {}", e.getMessage());
        }
    }
}
