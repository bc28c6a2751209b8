package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.campaigns.domain.MessageCandidate;
import com.subdecide.campaigns.domain.TriggerEvent;
import com.subdecide.experiments.Assignment;
import com.subdecide.experiments.Assignments;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.StoredJson;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides candidate messages: routes each trigger through {@code campaign-triggers.drl.xlsx} to the LIVE campaigns
 * it names, asks {@code rules/campaign-compliance.drl} about each candidate with its recipient's consent, time zone
 * and what they were already sent, keeps the campaign's holdout back, picks the variant and the offer, renders the
 * content, and logs every candidate with its outcome, reason and rule; the messages to send go into the outbox in
 * the same transaction (the caller's). One message per campaign, trigger, user and channel, ever.
 */
@Component
class CampaignDecisions {

    /** A trigger: the fact the table reads, the values its messages' tokens may use, or fixed routes. */
    record Trigger(TriggerEvent event, Map<String, String> values, List<Target> fixed, boolean priceIncrease,
            int noticeDays) {

        static Trigger routed(TriggerEvent event, Map<String, String> values) {
            return new Trigger(event, values, null, false, 0);
        }
    }

    /** Where a trigger sends: a campaign on a channel, with the campaign's cooldown and limit per user. */
    record Target(String campaign, String channel, int cooldownDays, int maxPerUser, String rule, String source) {
    }

    /** What a batch decided: candidates by outcome. */
    record Summary(int triggers, int candidates, Map<String, Integer> outcomes) {
    }

    private final Campaigns campaigns;
    private final TriggerFacts facts;
    private final Contacts contacts;
    private final ActiveRuleSet rules;
    private final Assignments assignments;
    private final CampaignOffers offers;
    private final UnsubscribeLinks links;
    private final MessageLog log;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CampaignDecisions(Campaigns campaigns, TriggerFacts facts, Contacts contacts, ActiveRuleSet rules,
            Assignments assignments, CampaignOffers offers, UnsubscribeLinks links, MessageLog log, JdbcClient jdbc,
            ObjectMapper json) {
        this.campaigns = campaigns;
        this.facts = facts;
        this.contacts = contacts;
        this.rules = rules;
        this.assignments = assignments;
        this.offers = offers;
        this.links = links;
        this.log = log;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Decides and logs every candidate of {@code triggers} at {@code now}, within the caller's transaction. */
    Summary decide(List<Trigger> triggers, Instant now) {
        Map<String, Campaigns.Live> live = campaigns.live();
        if (triggers.isEmpty() || live.isEmpty() && triggers.stream().allMatch(t -> t.fixed() == null)) {
            return new Summary(triggers.size(), 0, Map.of());
        }
        RuleSet ruleSet = rules.current();
        List<Trigger> routed = triggers.stream().filter(t -> t.fixed() == null).toList();
        Map<TriggerEvent, List<Target>> targets = new HashMap<>();
        if (!routed.isEmpty()) {
            Map<TriggerEvent, TriggerEvent> asked = route(routed.stream().map(Trigger::event).toList(), ruleSet,
                    targets);
            if (!asked.isEmpty()) {
                // Some rows need the churn risk: read it for those users only, and ask the table again for them.
                Map<String, String> levels = facts.risks(asked.values().stream().map(TriggerEvent::getUserId)
                        .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
                Map<TriggerEvent, TriggerEvent> scored = new java.util.LinkedHashMap<>();
                asked.forEach((original, e) -> scored.put(original, e.withRisk(levels.get(e.getUserId()))));
                Map<TriggerEvent, List<Target>> again = new HashMap<>();
                route(List.copyOf(scored.values()), ruleSet, again);
                scored.forEach((original, e) -> targets.put(original, again.get(e)));
            }
        }
        List<PendingMessage> pending = new ArrayList<>();
        for (Trigger t : triggers) {
            TriggerEvent e = t.event();
            for (Target target : t.fixed() != null ? t.fixed() : targets.getOrDefault(e, List.of())) {
                Campaigns.Live c = live.get(target.campaign());
                if (c == null || !c.definition().channels().contains(target.channel()) || !sends(c, e, now)) {
                    continue;
                }
                pending.add(new PendingMessage(c, e.getUserId(), target.channel(), e.getEventKey(), e.getType(),
                        e.getTier(), t.values(), target, t.priceIncrease(), t.noticeDays(), UUID.randomUUID()));
            }
        }
        if (pending.isEmpty()) {
            return new Summary(triggers.size(), 0, Map.of());
        }
        evaluate(pending, ruleSet, now);
        Set<UUID> inserted = log.insert(pending, now);
        return summary(triggers.size(), pending.stream().filter(p -> inserted.contains(p.messageId)).toList());
    }

    /**
     * Routes events through the trigger table into {@code targets}; returns the events a row asked the churn risk
     * of while it was not read (keyed by themselves), whose routes are then incomplete.
     */
    private static Map<TriggerEvent, TriggerEvent> route(List<TriggerEvent> events, RuleSet ruleSet,
            Map<TriggerEvent, List<Target>> targets) {
        Map<TriggerEvent, TriggerEvent> asked = new java.util.LinkedHashMap<>();
        try (RuleRun run = ruleSet.newRun()) {
            events.forEach(run::insert);
            run.fireAll();
            Map<String, FiredRule> fired = run.firedByName();
            for (TriggerEvent e : events) {
                List<Target> list = new ArrayList<>();
                for (TriggerEvent.Route r : e.routes()) {
                    FiredRule row = fired.get(r.rule());
                    list.add(new Target(r.campaign(), r.channel(), r.cooldownDays(), r.maxPerUser(), row.rule(),
                            row.source()));
                }
                targets.put(e, list);
                if (e.riskAsked()) {
                    asked.put(e, e);
                }
            }
        }
        return asked;
    }

    /** Whether the campaign sends for this event now: within its schedule, segments and tiers. */
    private static boolean sends(Campaigns.Live c, TriggerEvent e, Instant now) {
        CampaignDefinition d = c.definition();
        if (d.startsAt() != null && now.isBefore(d.startsAt()) || d.endsAt() != null && !now.isBefore(d.endsAt())) {
            return false;
        }
        if (d.segments() != null && !d.segments().contains(e.getSegment())) {
            return false;
        }
        return d.tiers() == null || d.tiers().contains(e.getTier());
    }

    /**
     * Deferred messages whose release time has come, decided again with what holds now (consent, caps, quiet
     * hours); returns how many were released.
     */
    int releaseDeferred(Instant now, int limit) {
        List<PendingMessage> pending = new ArrayList<>();
        Map<String, Campaigns.Live> live = campaigns.live();
        List<UUID> gone = new ArrayList<>();
        jdbc.sql("""
                SELECT message_id, campaign_key, user_id, channel, trigger_key, trigger_type, context::text AS context
                FROM campaign_message WHERE outcome = 'DEFERRED_QUIET_HOURS' AND release_at <= :now
                ORDER BY release_at LIMIT :limit FOR UPDATE SKIP LOCKED""").param("now", Timestamp.from(now))
                .param("limit", limit).query(rs -> {
                    Campaigns.Live c = live.get(rs.getString("campaign_key"));
                    UUID id = rs.getObject("message_id", UUID.class);
                    if (c == null) {
                        gone.add(id);
                        return;
                    }
                    String stored = rs.getString("context");
                    com.fasterxml.jackson.databind.JsonNode ctx = stored == null ? json.createObjectNode()
                            : StoredJson.tree(json, stored);
                    Map<String, String> values = new LinkedHashMap<>();
                    ctx.path("values").fields().forEachRemaining(f -> values.put(f.getKey(), f.getValue().asText()));
                    Target target = new Target(c.key(), rs.getString("channel"), ctx.path("cooldown_days").asInt(),
                            ctx.path("max_per_user").asInt(Integer.MAX_VALUE), ctx.path("rule").asText(null),
                            ctx.path("source").asText(null));
                    pending.add(new PendingMessage(c, rs.getString("user_id"), rs.getString("channel"),
                            rs.getString("trigger_key"), rs.getString("trigger_type"), ctx.path("tier").asText(null),
                            values, target, ctx.path("price_increase").asBoolean(), ctx.path("notice_days").asInt(),
                            id));
                });
        for (UUID id : gone) {
            jdbc.sql("UPDATE campaign_message SET outcome = 'BLOCKED_COMPLIANCE', reason = 'the campaign is no longer "
                    + "LIVE', release_at = NULL, decided_at = :now WHERE message_id = :id")
                    .param("now", Timestamp.from(now)).param("id", id).update();
        }
        if (!pending.isEmpty()) {
            evaluate(pending, rules.current(), now);
            pending.forEach(p -> log.update(p, now));
            log.outbox(pending.stream().filter(p -> "SENT".equals(p.outcome)).toList(), now);
        }
        return pending.size() + gone.size();
    }

    private void evaluate(List<PendingMessage> pending, RuleSet ruleSet, Instant now) {
        Set<String> users = new LinkedHashSet<>();
        pending.forEach(p -> users.add(p.userId));
        Map<String, Contacts.State> states = contacts.states(users);
        Map<String, String> today = new HashMap<>();
        states.forEach((u, s) -> {
            if (s.timeZone() != null) {
                today.put(u, now.atZone(s.timeZone()).toLocalDate().toString());
            }
        });
        Map<String, int[]> channelCounts = log.channelCounts(users, today, now);
        Set<String> keys = new LinkedHashSet<>();
        pending.forEach(p -> keys.add(p.campaign.key()));
        Map<String, Object[]> campaignCounts = log.campaignCounts(users, keys, now);
        // A user's second candidate in one batch is decided after the first, so it sees what the first sent.
        Map<String, Integer> seen = new HashMap<>();
        List<List<PendingMessage>> rounds = new ArrayList<>();
        for (PendingMessage p : pending) {
            int round = seen.merge(p.userId, 1, Integer::sum) - 1;
            while (rounds.size() <= round) {
                rounds.add(new ArrayList<>());
            }
            rounds.get(round).add(p);
        }
        for (List<PendingMessage> round : rounds) {
            try (RuleRun run = ruleSet.newRun()) {
                for (PendingMessage p : round) {
                    Contacts.State s = states.get(p.userId);
                    int[] counts = channelCounts.getOrDefault(p.userId + "|" + p.channel, new int[2]);
                    Object[] mine = campaignCounts.get(p.userId + "|" + p.campaign.key());
                    int sent = mine == null ? 0 : (Integer) mine[0];
                    int days = mine == null ? -1 : (int) Duration.between((Instant) mine[1], now).toDays();
                    p.candidate = new MessageCandidate(p.campaign.key(), p.campaign.definition().type(), p.channel,
                            p.userId, s != null && s.hasAddress(p.channel), s == null ? "NONE" : s.consentOn(p.channel),
                            s == null ? null : s.timeZone(), now, counts[0], counts[1], sent, days,
                            p.target.cooldownDays(), p.target.maxPerUser(), p.priceIncrease, p.noticeDays);
                    run.insert(p.candidate);
                }
                run.fireAll();
                Map<String, FiredRule> fired = run.firedByName();
                for (PendingMessage p : round) {
                    p.outcome = p.candidate.outcome();
                    p.reason = p.candidate.reason();
                    if (p.candidate.rule() != null) {
                        FiredRule r = fired.get(p.candidate.rule());
                        p.rule = r.rule();
                        p.source = r.source();
                    }
                    if ("SENT".equals(p.outcome)) {
                        CampaignDefinition d = p.campaign.definition();
                        if (d.holdoutShare() > 0 && Assignment.hash(d.holdoutSeed(), p.userId, 2) < d.holdoutShare()) {
                            p.outcome = "HOLDOUT";
                            p.reason = "in the campaign's holdout (" + Math.round(d.holdoutShare() * 1000) / 10.0
                                    + "% kept back to measure lift)";
                            p.rule = "holdout";
                            p.source = "campaign " + p.campaign.key() + " $.holdout";
                        }
                    }
                    if ("SENT".equals(p.outcome)) {
                        Contacts.State s = states.get(p.userId);
                        p.localDay = s.timeZone() == null ? null : now.atZone(s.timeZone()).toLocalDate().toString();
                        if (p.candidate.isMarketing()) {
                            int[] c = channelCounts.computeIfAbsent(p.userId + "|" + p.channel, k -> new int[2]);
                            c[0]++;
                            c[1]++;
                        }
                        Object[] mine = campaignCounts.computeIfAbsent(p.userId + "|" + p.campaign.key(),
                                k -> new Object[] {0, now});
                        mine[0] = (Integer) mine[0] + 1;
                        mine[1] = now;
                    }
                }
            }
        }
        List<PendingMessage> sending = pending.stream().filter(p -> "SENT".equals(p.outcome)).toList();
        Map<String, CampaignOffers.Choice> chosen = offers.choose(sending.stream()
                .filter(p -> !p.campaign.definition().content().offers().isEmpty())
                .map(p -> new CampaignOffers.Ask(p.userId, p.campaign.key(),
                        p.campaign.definition().content().offers())).toList(),
                ruleSet);
        for (PendingMessage p : sending) {
            CampaignDefinition d = p.campaign.definition();
            String subject = d.content().subject();
            String body = d.content().body();
            if (p.campaign.experimentKey() != null) {
                Assignments.Answer answer = assignments.assign(p.campaign.experimentKey(), p.userId, p.tier);
                p.variant = answer.variant();
                for (CampaignDefinition.Variant v : d.variants()) {
                    if (v.key().equals(p.variant)) {
                        subject = v.subject() != null ? v.subject() : subject;
                        body = v.body() != null ? v.body() : body;
                    }
                }
            }
            Map<String, String> values = new HashMap<>(p.values);
            Contacts.State s = states.get(p.userId);
            values.put("first_name", s.firstName());
            values.put("campaign", p.campaign.key());
            values.put("unsubscribe_url", links.url(p.userId, p.channel));
            CampaignOffers.Choice offer = chosen.get(p.userId + "|" + d.key());
            if (offer != null) {
                values.put("offer", offer.offer().description());
                values.put("offer_code", offer.offer().code());
                p.offer = json.createObjectNode();
                p.offer.put("code", offer.offer().code());
                p.offer.put("cost", offer.cost());
                p.offer.put("expected_gain", offer.expectedGain());
                p.offer.put("rule", offer.rule());
                p.offer.put("source", offer.source());
            }
            Map<String, String> defaults = d.content().defaults();
            ObjectNode payload = json.createObjectNode();
            payload.put("message_id", p.messageId.toString());
            payload.put("campaign", d.key());
            payload.put("channel", p.channel);
            payload.put("user_id", p.userId);
            payload.put("to", "IN_APP".equals(p.channel) ? p.userId : s.addresses().get(p.channel));
            payload.put("subject", CampaignDefinition.render(subject, values, defaults));
            payload.put("body", CampaignDefinition.render(body, values, defaults));
            if (d.content().ctaText() != null) {
                payload.put("cta_text", CampaignDefinition.render(d.content().ctaText(), values, defaults));
                payload.put("cta_url", CampaignDefinition.render(d.content().ctaUrl(), values, defaults));
            }
            payload.put("unsubscribe_url", values.get("unsubscribe_url"));
            if (p.variant != null) {
                payload.put("variant", p.variant);
            }
            p.payload = payload;
        }
    }

    private static Summary summary(int triggers, List<PendingMessage> pending) {
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (String o : MessageCandidate.OUTCOMES) {
            outcomes.put(o, 0);
        }
        pending.forEach(p -> outcomes.merge(p.outcome, 1, Integer::sum));
        outcomes.values().removeIf(v -> v == 0);
        return new Summary(triggers, pending.size(), outcomes);
    }
}
