package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.campaigns.domain.CampaignDraft;
import com.subdecide.campaigns.domain.TriggerEvent;
import com.subdecide.customers.PriceBook;
import com.subdecide.experiments.Experiments;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import com.subdecide.system.StoredJson;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Campaigns and their lifecycle: {@code DRAFT} → check (the compliance rules on the campaign itself, and the rows of
 * {@code campaign-triggers.drl.xlsx} that route to it) → {@code LIVE} (a CAMPAIGN experiment over its variants
 * started) → {@code PAUSED} ⇄ {@code LIVE} → {@code ENDED}. A campaign that fails its check cannot go live. Every
 * change is audited.
 */
@Service
public class Campaigns {

    public record Campaign(String key, String type, String status, JsonNode definition, String experimentKey,
            JsonNode lastCheck, String createdBy, Instant createdAt, Instant updatedAt) {
    }

    /** A trigger row that routes to the campaign, with its cell. */
    public record Route(String eventType, String channel, int cooldownDays, int maxPerUser, String rule,
            String source) {
    }

    public record Violation(String code, String message, String rule, String source) {
    }

    public record Check(String campaignKey, boolean passed, List<Violation> violations, List<Route> routes,
            String rulesetVersion, Instant checkedAt) {
    }

    /** A campaign that sends now, read once per change. */
    record Live(String key, String status, CampaignDefinition definition, String experimentKey) {
    }

    static final String NOTICE_CAMPAIGN = "price-change-notice";
    private static final List<String> RISKS = List.of("LOW", "MEDIUM", "HIGH", "CRITICAL", "UNKNOWN");
    private static final List<String> TIERS = List.of("BRONZE", "SILVER", "GOLD");

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ActiveRuleSet rules;
    private final PriceBook priceBook;
    private final Experiments experiments;
    private final AtomicReference<Map<String, Live>> live = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicLong readAt = new java.util.concurrent.atomic.AtomicLong();

    Campaigns(JdbcClient jdbc, ObjectMapper json, Clock clock, TransactionTemplate tx, ActiveRuleSet rules,
            PriceBook priceBook, Experiments experiments) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.tx = tx;
        this.rules = rules;
        this.priceBook = priceBook;
        this.experiments = experiments;
    }

    public Campaign create(JsonNode body, String by) {
        CampaignDefinition d = CampaignDefinition.read(body, json);
        if ("PRICE_CHANGE_NOTICE".equals(d.type()) && !NOTICE_CAMPAIGN.equals(d.key())) {
            throw new com.subdecide.system.InvalidRequestException("invalid_request", "1 field is invalid",
                    List.of(new com.subdecide.system.FieldProblem("$.type", "reserved", "price-change notices go "
                            + "through the campaign '" + NOTICE_CAMPAIGN + "', written by price changes")));
        }
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(s -> {
                jdbc.sql("""
                        INSERT INTO campaign (campaign_key, type, status, definition, created_by, created_at, updated_at)
                        VALUES (:key, :type, 'DRAFT', cast(:definition AS jsonb), :by, :now, :now)""")
                        .param("key", d.key()).param("type", d.type()).param("definition", d.json().toString())
                        .param("by", by).param("now", Timestamp.from(now)).update();
                audit(d.key(), "CREATED", by, null);
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("campaign_exists", "A campaign with key '" + d.key() + "' exists already");
        }
        return find(d.key());
    }

    /** Replaces a DRAFT's definition; the key in the body must be the campaign's. */
    public Campaign update(String key, JsonNode body, String by) {
        Campaign current = find(key);
        CampaignDefinition d = CampaignDefinition.read(body, json);
        if (!d.key().equals(key)) {
            throw new com.subdecide.system.InvalidRequestException("invalid_request", "1 field is invalid",
                    List.of(new com.subdecide.system.FieldProblem("$.key", "key_mismatch", "the body's key '" + d.key()
                            + "' is not the campaign's '" + key + "'")));
        }
        if (!"DRAFT".equals(current.status())) {
            throw new ConflictException("invalid_campaign_status", "only a DRAFT can be edited; '" + key + "' is "
                    + current.status());
        }
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE campaign SET type = :type, definition = cast(:definition AS jsonb), last_check = NULL, "
                    + "updated_at = :now WHERE campaign_key = :key").param("type", d.type())
                    .param("definition", d.json().toString()).param("now", Timestamp.from(clock.instant()))
                    .param("key", key).update();
            audit(key, "EDITED", by, null);
        });
        return find(key);
    }

    public Campaign find(String key) {
        return jdbc.sql("SELECT * FROM campaign WHERE campaign_key = :key").param("key", key)
                .query((rs, n) -> campaign(rs)).optional()
                .orElseThrow(() -> new NotFoundException("unknown_campaign", "No campaign with key '" + key + "'"));
    }

    public List<Campaign> list(String status) {
        return jdbc.sql("SELECT * FROM campaign WHERE (CAST(:status AS text) IS NULL OR status = :status) "
                + "ORDER BY created_at, campaign_key").param("status", status).query((rs, n) -> campaign(rs)).list();
    }

    private Campaign campaign(java.sql.ResultSet rs) throws java.sql.SQLException {
        String check = rs.getString("last_check");
        return new Campaign(rs.getString("campaign_key"), rs.getString("type"), rs.getString("status"),
                StoredJson.tree(json, rs.getString("definition")), rs.getString("experiment_key"),
                StoredJson.tree(json, check),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    /** Runs the campaign's checks on the live rule set and stores the result. */
    public Check check(String key, String by) {
        Campaign c = find(key);
        Check result = check(CampaignDefinition.read(c.definition(), json), rules.current());
        jdbc.sql("UPDATE campaign SET last_check = cast(:check AS jsonb) WHERE campaign_key = :key")
                .param("check", json.valueToTree(result).toString()).param("key", key).update();
        audit(key, "CHECKED", by, result.passed() ? "passed" : result.violations().size() + " violations");
        return result;
    }

    Check check(CampaignDefinition d, RuleSet ruleSet) {
        List<Violation> violations = new ArrayList<>();
        List<Route> routes = routes(d, ruleSet);
        StringBuilder text = new StringBuilder();
        text.append(d.content().subject()).append('\n').append(d.content().body()).append('\n')
                .append(d.content().ctaText() == null ? "" : d.content().ctaText());
        for (CampaignDefinition.Variant v : d.variants()) {
            // A variant's text replaces the campaign's, so it must pass on its own.
            text.append('\n').append(v.subject() == null ? "" : v.subject()).append('\n');
        }
        CampaignDraft draft = new CampaignDraft(d.key(), d.type(), Set.copyOf(d.channels()), text.toString(),
                d.content().offers().size());
        List<CampaignDraft> variantDrafts = new ArrayList<>();
        for (CampaignDefinition.Variant v : d.variants()) {
            if (v.body() != null) {
                variantDrafts.add(new CampaignDraft(d.key() + "/" + v.key(), d.type(), Set.copyOf(d.channels()),
                        v.body(), d.content().offers().size()));
            }
        }
        try (RuleRun run = ruleSet.newRun()) {
            run.insert(draft);
            variantDrafts.forEach(run::insert);
            run.fireAll();
            Map<String, FiredRule> fired = run.firedByName();
            for (CampaignDraft checked : concat(draft, variantDrafts)) {
                for (CampaignDraft.Violation v : checked.violations()) {
                    FiredRule rule = fired.get(v.rule());
                    String where = checked == draft ? "" : " (variant " + checked.getCampaignKey()
                            .substring(d.key().length() + 1) + ")";
                    violations.add(new Violation(v.code(), v.message() + where, rule.rule(), rule.source()));
                }
            }
        }
        if (routes.isEmpty() && !NOTICE_CAMPAIGN.equals(d.key())) {
            violations.add(new Violation("no_trigger_row", "no row of decision-tables/campaign-triggers.drl.xlsx "
                    + "routes " + d.triggerEventType() + " events to '" + d.key() + "'; add one (Campaign column '"
                    + d.key() + "')", null, "decision-tables/campaign-triggers.drl.xlsx"));
        }
        for (Route r : routes) {
            if (!d.channels().contains(r.channel())) {
                violations.add(new Violation("channel_not_in_campaign", "the trigger row sends on " + r.channel()
                        + " but the campaign's channels are " + d.channels(), r.rule(), r.source()));
            }
        }
        return new Check(d.key(), violations.isEmpty(), violations, routes, ruleSet.version(), clock.instant());
    }

    private static List<CampaignDraft> concat(CampaignDraft first, List<CampaignDraft> rest) {
        List<CampaignDraft> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * The trigger rows that route the campaign's event type to it: the table is asked with a reading for each
     * segment, tier and churn-risk level, at any age, activity and count, and the routes to this campaign kept.
     */
    private List<Route> routes(CampaignDefinition d, RuleSet ruleSet) {
        Set<String> segments = new LinkedHashSet<>();
        if (d.segments() != null) {
            segments.addAll(d.segments());
        } else {
            priceBook.current().ifPresent(b -> b.segments().forEach(s -> segments.add(s.segment())));
        }
        segments.add("");
        Set<String> tiers = new LinkedHashSet<>(d.tiers() != null ? d.tiers() : TIERS);
        tiers.add("");
        Map<String, Route> found = new LinkedHashMap<>();
        try (RuleRun run = ruleSet.newRun()) {
            List<TriggerEvent> probes = new ArrayList<>();
            for (String segment : segments) {
                for (String tier : tiers) {
                    for (String risk : RISKS) {
                        TriggerEvent e = new TriggerEvent("check", "check", d.triggerEventType(), segment, "", tier,
                                risk, "", 0, 0, 100_000, 100_000, 100_000);
                        probes.add(e);
                        run.insert(e);
                    }
                }
            }
            run.fireAll();
            Map<String, FiredRule> fired = run.firedByName();
            for (TriggerEvent e : probes) {
                for (TriggerEvent.Route r : e.routes()) {
                    if (d.key().equals(r.campaign())) {
                        FiredRule rule = fired.get(r.rule());
                        found.putIfAbsent(r.rule(), new Route(d.triggerEventType(), r.channel(), r.cooldownDays(),
                                r.maxPerUser(), rule.rule(), rule.source()));
                    }
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** Takes a DRAFT (or PAUSED) campaign live after its check passes; variants start a CAMPAIGN experiment. */
    public Campaign launch(String key, String by) {
        Campaign c = find(key);
        if (!"DRAFT".equals(c.status())) {
            throw new ConflictException("invalid_campaign_status", "only a DRAFT can be launched; '" + key + "' is "
                    + c.status() + (c.status().equals("PAUSED") ? " (resume it)" : ""));
        }
        Check check = check(key, by);
        if (!check.passed()) {
            throw new ConflictException("compliance_violation", "campaign '" + key + "' fails its check: "
                    + check.violations().size() + " violation" + (check.violations().size() == 1 ? "" : "s"),
                    Map.of("violations", check.violations()));
        }
        CampaignDefinition d = CampaignDefinition.read(c.definition(), json);
        String experiment = d.variants().isEmpty() ? null : startExperiment(d, by);
        transition(key, "LIVE", by, "LAUNCHED", experiment);
        return find(key);
    }

    private String startExperiment(CampaignDefinition d, String by) {
        String key = "campaign-" + d.key();
        ObjectNode definition = json.createObjectNode();
        definition.put("key", key);
        definition.put("type", "CAMPAIGN");
        definition.put("hypothesis", "campaign " + d.key() + ": which variant converts more (" + d.conversionEvent()
                + " within " + d.attributionDays() + " days)");
        definition.put("seed", key);
        ArrayNode variants = definition.putArray("variants");
        for (CampaignDefinition.Variant v : d.variants()) {
            ObjectNode o = variants.addObject();
            o.put("key", v.key());
            o.put("weight", v.weight());
            o.put("campaign_variant", v.key());
        }
        ObjectNode primary = definition.putObject("metrics").putObject("primary");
        primary.put("name", "converted");
        primary.put("event", d.conversionEvent());
        primary.put("aggregate", "ANY");
        try {
            experiments.create(definition, by);
        } catch (ConflictException e) {
            // Launched before and ended: the experiment of that run keeps its results; this run starts anew.
            key = key + "-" + Long.toString(clock.millis(), 36);
            definition.put("key", key);
            definition.put("seed", key);
            experiments.create(definition, by);
        }
        experiments.start(key, by);
        return key;
    }

    public Campaign pause(String key, String by) {
        return move(key, "LIVE", "PAUSED", by, "PAUSED");
    }

    public Campaign resume(String key, String by) {
        return move(key, "PAUSED", "LIVE", by, "RESUMED");
    }

    /** Ends a LIVE or PAUSED campaign: nothing more is decided for it; its experiment stops. */
    public Campaign end(String key, String by) {
        Campaign c = find(key);
        if (!"LIVE".equals(c.status()) && !"PAUSED".equals(c.status())) {
            throw new ConflictException("invalid_campaign_status", "only a LIVE or PAUSED campaign can be ended; '"
                    + key + "' is " + c.status());
        }
        if (c.experimentKey() != null) {
            experiments.stop(c.experimentKey(), by);
        }
        transition(key, "ENDED", by, "ENDED", c.experimentKey());
        return find(key);
    }

    private Campaign move(String key, String from, String to, String by, String action) {
        Campaign c = find(key);
        if (!from.equals(c.status())) {
            throw new ConflictException("invalid_campaign_status", "only a " + from + " campaign can be "
                    + action.toLowerCase(java.util.Locale.ROOT) + "; '" + key + "' is " + c.status());
        }
        transition(key, to, by, action, c.experimentKey());
        return find(key);
    }

    private void transition(String key, String status, String by, String action, String experiment) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("UPDATE campaign SET status = :status, experiment_key = :experiment, updated_at = :now "
                    + "WHERE campaign_key = :key").param("status", status).param("experiment", experiment)
                    .param("now", Timestamp.from(clock.instant())).param("key", key).update();
            audit(key, action, by, null);
        });
        readAt.set(0);
    }

    /** Every change to the campaign, oldest first. */
    public List<Map<String, Object>> audit(String key) {
        find(key);
        return jdbc.sql("SELECT action, by_user AS by, at, detail FROM campaign_audit WHERE campaign_key = :key "
                + "ORDER BY audit_id").param("key", key).query().listOfRows();
    }

    private void audit(String key, String action, String by, String detail) {
        jdbc.sql("INSERT INTO campaign_audit (campaign_key, action, by_user, at, detail) VALUES (:key, :action, :by, "
                + ":now, :detail)").param("key", key).param("action", action).param("by", by)
                .param("now", Timestamp.from(clock.instant())).param("detail", detail).update();
    }

    /** The LIVE campaigns, re-read at most every second (so every node follows a change within a second). */
    Map<String, Live> live() {
        long now = System.nanoTime();
        Map<String, Live> current = live.get();
        if (current == null || now - readAt.get() > 1_000_000_000L) {
            Map<String, Live> fresh = new LinkedHashMap<>();
            for (Campaign c : list("LIVE")) {
                fresh.put(c.key(), new Live(c.key(), c.status(), CampaignDefinition.read(c.definition(), json),
                        c.experimentKey()));
            }
            live.set(fresh);
            readAt.set(now);
            current = fresh;
        }
        return current;
    }

    /**
     * The standing campaign that carries price-change notices, made LIVE with a plain default text the first
     * time a price change needs it (analysts may end it and launch their own text under the same key).
     */
    Live noticeCampaign() {
        Live found = live().get(NOTICE_CAMPAIGN);
        if (found != null) {
            return found;
        }
        List<Campaign> existing = list(null).stream().filter(c -> c.key().equals(NOTICE_CAMPAIGN)).toList();
        if (existing.isEmpty()) {
            ObjectNode d = json.createObjectNode();
            d.put("key", NOTICE_CAMPAIGN);
            d.put("type", "PRICE_CHANGE_NOTICE");
            d.put("name", "Price change notices");
            d.putObject("trigger").put("event_type", "PRICE_CHANGE");
            ObjectNode content = d.putObject("content");
            content.put("subject", "Your {plan} price is changing");
            content.put("body", "Hello {first_name},\n\nyour {plan} subscription will cost {price} instead of "
                    + "{old_price} from your renewal on {effective_date}. Nothing changes before then, and you can "
                    + "change or cancel your plan at any time before that date.");
            content.putObject("defaults").put("first_name", "there");
            d.putArray("channels").add("EMAIL").add("IN_APP");
            create(d, "system");
            transition(NOTICE_CAMPAIGN, "LIVE", "system", "LAUNCHED", null);
        } else if (!"LIVE".equals(existing.get(0).status())) {
            throw new ConflictException("notice_campaign_not_live", "price-change notices go through the campaign '"
                    + NOTICE_CAMPAIGN + "', which is " + existing.get(0).status() + "; launch or resume it first");
        }
        readAt.set(0);
        return live().get(NOTICE_CAMPAIGN);
    }
}
