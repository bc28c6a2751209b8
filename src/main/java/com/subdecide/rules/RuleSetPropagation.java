package com.subdecide.rules;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps this node on the rule set the other nodes took live: it listens on PostgreSQL's
 * {@code ruleset_activated} channel and, on a notification or every {@code poll-millis} when none comes (a
 * notification is lost while the connection is down), reads the newest activation and follows it
 * ({@link ActiveRuleSet#follow}). A draft stored on any node is announced on {@code ruleset_candidate} and
 * compiled and tried here ahead ({@link ActiveRuleSet#prepared}), so its promotion is live here at once. One
 * connection of the pool is held for listening.
 */
@Component
class RuleSetPropagation implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RuleSetPropagation.class);

    private final DataSource dataSource;
    private final ActiveRuleSet active;
    private final RuleSetVersions versions;
    private final com.subdecide.system.Node node;
    private final boolean enabled;
    private final int pollMillis;
    private volatile boolean running;
    private volatile Thread thread;
    private long followed = -1;
    private long polledAt;
    private static final int WAIT_MILLIS = 200;

    RuleSetPropagation(DataSource dataSource, ActiveRuleSet active, RuleSetVersions versions, com.subdecide.system.Node node,
            @Value("${decisions.rules.propagation.enabled:true}") boolean enabled,
            @Value("${decisions.rules.propagation.poll-millis:5000}") int pollMillis) {
        this.dataSource = dataSource;
        this.active = active;
        this.versions = versions;
        this.node = node;
        this.enabled = enabled;
        this.pollMillis = Math.max(100, pollMillis);
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        running = true;
        thread = new Thread(this::listen, "rule-set-propagation");
        thread.setDaemon(true);
        thread.start();
    }

    private void listen() {
        Connection connection = null;
        while (running) {
            try {
                if (connection == null) {
                    connection = dataSource.getConnection();
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("LISTEN " + RuleSetVersions.CHANNEL);
                        statement.execute("LISTEN " + RuleSetVersions.CANDIDATES);
                    }
                    follow();
                }
                // Short waits, so a stopping node gives its connection back at once; the newest activation is read on
                // a notification, or once the poll interval has passed without one.
                PGNotification[] notifications = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                boolean heard = notifications != null && notifications.length > 0;
                if (!heard && System.nanoTime() - polledAt < pollMillis * 1_000_000L) {
                    continue;
                }
                for (PGNotification n : heard ? notifications : new PGNotification[0]) {
                    String[] candidate = n.getParameter().split(" ", 2);
                    if (n.getName().equals(RuleSetVersions.CANDIDATES) && candidate.length == 2
                            && !candidate[1].equals(node.id())) {
                        active.prepared(candidate[0]);
                    }
                }
                follow();
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("following other nodes' rule-set activations: {}; retrying in 1 s", e.toString());
                close(connection);
                connection = null;
                pause();
            }
        }
        close(connection);
    }

    private void follow() {
        polledAt = System.nanoTime();
        Optional<RuleSetVersions.Activation> latest = versions.latestActivation();
        if (latest.isEmpty() || latest.get().activationId() == followed) {
            return;
        }
        ActiveRuleSet.ReloadOutcome outcome = active.follow(latest.get());
        if (outcome.activated() || !outcome.problems().contains(ActiveRuleSet.SUPERSEDED)) {
            // Taken live, or refused here for good: not compiled again until a newer activation.
            followed = latest.get().activationId();
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("closing the listening connection: {}", e.getMessage());
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            try {
                // It ends within one short wait and gives its connection back before the pool closes.
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
