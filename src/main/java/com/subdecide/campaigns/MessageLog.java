package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The campaigns' message log and outbox in PostgreSQL: what recipients were already sent (for the caps and
 * cooldowns), every candidate written in one statement per batch (one per campaign, trigger, user and channel), the
 * messages to send written to the outbox in the same transaction, and deferred messages decided again.
 */
@Component
class MessageLog {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectMapper json;

    MessageLog(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    /** A deferred message decided again: its new outcome, and what it needs if it is deferred once more. */
    void update(PendingMessage p, Instant now) {
        jdbc.sql("""
                UPDATE campaign_message SET outcome = :outcome, reason = :reason, rule = :rule, source = :source,
                    variant = :variant, offer = cast(:offer AS jsonb), local_day = cast(:day AS date),
                    release_at = :release, context = cast(:context AS jsonb), decided_at = :now
                WHERE message_id = :id""").param("outcome", p.outcome).param("reason", p.reason)
                .param("rule", p.rule).param("source", p.source).param("variant", p.variant)
                .param("offer", p.offer == null ? null : p.offer.toString()).param("day", p.localDay)
                .param("release", p.candidate.releaseAt() == null ? null : Timestamp.from(p.candidate.releaseAt()))
                .param("context", context(p)).param("now", Timestamp.from(now)).param("id", p.messageId).update();
    }

    /** Marketing messages SENT per user and channel: on the user's calendar day, and in the last 168 hours. */
    Map<String, int[]> channelCounts(Set<String> users, Map<String, String> today, Instant now) {
        String[] ids = users.toArray(String[]::new);
        String[] days = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            days[i] = today.get(ids[i]);
        }
        Map<String, int[]> counts = new HashMap<>();
        template.query((Connection c) -> {
            PreparedStatement ps = c.prepareStatement("""
                    SELECT m.user_id, m.channel,
                           count(*) FILTER (WHERE m.local_day = u.today::date) AS today,
                           count(*) FILTER (WHERE m.decided_at > ?) AS week
                    FROM unnest(?::text[], ?::text[]) AS u(user_id, today)
                    JOIN campaign_message m ON m.user_id = u.user_id
                    WHERE m.outcome = 'SENT' AND m.marketing AND m.decided_at > ?
                    GROUP BY m.user_id, m.channel""");
            ps.setTimestamp(1, Timestamp.from(now.minus(Duration.ofHours(168))));
            ps.setArray(2, c.createArrayOf("text", ids));
            ps.setArray(3, c.createArrayOf("text", days));
            ps.setTimestamp(4, Timestamp.from(now.minus(Duration.ofDays(9))));
            return ps;
        }, (ResultSet rs) -> {
            counts.put(rs.getString(1) + "|" + rs.getString(2), new int[] {rs.getInt(3), rs.getInt(4)});
        });
        return counts;
    }

    /** Per user and campaign: messages SENT and the last time. */
    Map<String, Object[]> campaignCounts(Set<String> users, Set<String> keys, Instant now) {
        Map<String, Object[]> counts = new HashMap<>();
        jdbc.sql("""
                SELECT user_id, campaign_key, count(*) AS sent, max(decided_at) AS last FROM campaign_message
                WHERE user_id = ANY(:users) AND campaign_key = ANY(:keys) AND outcome = 'SENT'
                GROUP BY user_id, campaign_key""").param("users", users.toArray(String[]::new))
                .param("keys", keys.toArray(String[]::new)).query(rs -> {
                    counts.put(rs.getString("user_id") + "|" + rs.getString("campaign_key"),
                            new Object[] {rs.getInt("sent"), rs.getTimestamp("last").toInstant()});
                });
        return counts;
    }

    /**
     * Logs every new candidate in one statement; the new SENT ones go to the outbox in a second. Returns the
     * candidates logged (one already decided for its campaign, trigger, user and channel is not logged again).
     */
    Set<UUID> insert(List<PendingMessage> pending, Instant now) {
        int n = pending.size();
        Object[] ids = new Object[n];
        String[] keys = new String[n];
        String[] users = new String[n];
        String[] channels = new String[n];
        String[] triggers = new String[n];
        String[] types = new String[n];
        Boolean[] marketing = new Boolean[n];
        String[] outcomes = new String[n];
        String[] reasons = new String[n];
        String[] ruleNames = new String[n];
        String[] sources = new String[n];
        String[] experiments = new String[n];
        String[] variants = new String[n];
        String[] offerJson = new String[n];
        String[] days = new String[n];
        Timestamp[] releases = new Timestamp[n];
        String[] contexts = new String[n];
        for (int i = 0; i < n; i++) {
            PendingMessage p = pending.get(i);
            ids[i] = p.messageId;
            keys[i] = p.campaign.key();
            users[i] = p.userId;
            channels[i] = p.channel;
            triggers[i] = p.triggerKey;
            types[i] = p.triggerType;
            marketing[i] = p.campaign.definition().marketing();
            outcomes[i] = p.outcome;
            reasons[i] = p.reason;
            ruleNames[i] = p.rule;
            sources[i] = p.source;
            experiments[i] = p.campaign.experimentKey();
            variants[i] = p.variant;
            offerJson[i] = p.offer == null ? null : p.offer.toString();
            days[i] = p.localDay;
            releases[i] = p.candidate.releaseAt() == null ? null : Timestamp.from(p.candidate.releaseAt());
            contexts[i] = context(p);
        }
        Set<UUID> inserted = new java.util.HashSet<>();
        template.query((Connection c) -> {
            PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO campaign_message (message_id, campaign_key, user_id, channel, trigger_key, trigger_type,
                        marketing, outcome, first_outcome, reason, rule, source, experiment_key, variant, offer,
                        local_day, release_at, context, decided_at, first_decided_at)
                    SELECT id, k, u, ch, tk, tt, mk, o, o, r, ru, s, e, v, cast(of AS jsonb), cast(d AS date), rel,
                           cast(ctx AS jsonb), ?, ?
                    FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[],
                                ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                ?::timestamptz[], ?::text[])
                         AS x(id, k, u, ch, tk, tt, mk, o, r, ru, s, e, v, of, d, rel, ctx)
                    ON CONFLICT (campaign_key, trigger_key, user_id, channel) DO NOTHING
                    RETURNING message_id""");
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            int i = 3;
            for (Array a : new Array[] {c.createArrayOf("uuid", ids), c.createArrayOf("text", keys),
                    c.createArrayOf("text", users), c.createArrayOf("text", channels), c.createArrayOf("text", triggers),
                    c.createArrayOf("text", types), c.createArrayOf("boolean", marketing),
                    c.createArrayOf("text", outcomes), c.createArrayOf("text", reasons),
                    c.createArrayOf("text", ruleNames), c.createArrayOf("text", sources),
                    c.createArrayOf("text", experiments), c.createArrayOf("text", variants),
                    c.createArrayOf("text", offerJson), c.createArrayOf("text", days),
                    c.createArrayOf("timestamptz", releases), c.createArrayOf("text", contexts)}) {
                ps.setArray(i++, a);
            }
            return ps;
        }, (ResultSet rs) -> {
            inserted.add(rs.getObject(1, UUID.class));
        });
        outbox(pending.stream().filter(p -> "SENT".equals(p.outcome) && inserted.contains(p.messageId)).toList(), now);
        return inserted;
    }

    void outbox(List<PendingMessage> sent, Instant now) {
        if (sent.isEmpty()) {
            return;
        }
        int n = sent.size();
        Object[] ids = new Object[n];
        String[] channels = new String[n];
        String[] users = new String[n];
        String[] addresses = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            PendingMessage p = sent.get(i);
            ids[i] = p.messageId;
            channels[i] = p.channel;
            users[i] = p.userId;
            addresses[i] = p.payload.path("to").asText(null);
            payloads[i] = p.payload.toString();
        }
        template.execute((Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO message_outbox (message_id, channel, user_id, address, payload, status, next_attempt_at,
                                                created_at)
                    SELECT id, ch, u, a, cast(p AS jsonb), 'PENDING', ?, ?
                    FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) AS x(id, ch, u, a, p)
                    ON CONFLICT (message_id) DO NOTHING""")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setArray(3, c.createArrayOf("uuid", ids));
                ps.setArray(4, c.createArrayOf("text", channels));
                ps.setArray(5, c.createArrayOf("text", users));
                ps.setArray(6, c.createArrayOf("text", addresses));
                ps.setArray(7, c.createArrayOf("text", payloads));
                return ps.executeUpdate();
            }
        });
    }

    /** What a deferred message needs when it is decided again; null for any other outcome. */
    private String context(PendingMessage p) {
        if (!"DEFERRED_QUIET_HOURS".equals(p.outcome)) {
            return null;
        }
        ObjectNode ctx = json.createObjectNode();
        ctx.set("values", json.valueToTree(p.values));
        ctx.put("cooldown_days", p.target.cooldownDays());
        ctx.put("max_per_user", p.target.maxPerUser());
        ctx.put("rule", p.target.rule());
        ctx.put("source", p.target.source());
        ctx.put("tier", p.tier);
        ctx.put("price_increase", p.priceIncrease);
        ctx.put("notice_days", p.noticeDays);
        return ctx.toString();
    }
}
