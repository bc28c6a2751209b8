package com.subdecide.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.campaigns.CampaignMessages;
import com.subdecide.customers.PriceBook;
import com.subdecide.experiments.Experiment;
import com.subdecide.experiments.Experiments;
import com.subdecide.experiments.Results;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import com.subdecide.system.StoredJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Price changes: a DRAFT from a recommendation with its dry run (every affected subscription with its next renewal,
 * notice and effective dates, MRR before and after, who is grandfathered), launched as PRICING experiments (one per
 * plan and segment that changes: the current price against the new), shipped (the new price wins: applied) or
 * reverted (experiments reverted, or applied prices restored), or applied directly. Every action is audited; the
 * billing provider's calls are written to the outbox in the same transaction as the prices they carry out.
 */
@Service
public class PriceChanges {

    private final PriceRecommendations recommendations;
    private final PriceBook priceBook;
    private final SegmentPrices prices;
    private final Experiments experiments;
    private final Results results;
    private final BillingOutbox outbox;
    private final CampaignMessages notices;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;

    PriceChanges(PriceRecommendations recommendations, PriceBook priceBook, SegmentPrices prices, Experiments experiments, Results results,
            BillingOutbox outbox, CampaignMessages notices, JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json,
            Clock clock) {
        this.recommendations = recommendations;
        this.priceBook = priceBook;
        this.prices = prices;
        this.experiments = experiments;
        this.results = results;
        this.outbox = outbox;
        this.notices = notices;
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    /** A DRAFT from a stored recommendation, with its dry run. */
    public JsonNode draft(UUID recommendationId, String by) {
        JsonNode recommendation = recommendations.find(recommendationId);
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        ArrayNode cells = json.createArrayNode();
        for (JsonNode r : recommendation.path("recommendations")) {
            BigDecimal from = r.path("current_price").decimalValue();
            BigDecimal to = r.path("recommended_price").decimalValue();
            if (from.compareTo(to) == 0) {
                continue;
            }
            ObjectNode c = cells.addObject();
            c.put("plan_id", r.path("plan_id").asText());
            c.put("segment", r.path("segment").asText());
            c.put("currency", r.path("currency").asText());
            c.put("from", from);
            c.put("to", to);
            c.put("grandfather_months", r.path("limits").path("grandfather_months").asInt());
            c.put("notice_days", r.path("limits").path("notice_days").asInt());
            c.put("interval", priceBook.require().plan(r.path("plan_id").asText()).map(PriceBook.Plan::interval)
                    .orElse("MONTH"));
        }
        if (cells.isEmpty()) {
            throw new ConflictException("nothing_to_change", "Recommendation " + recommendationId + " keeps every price");
        }
        UUID id = UUID.randomUUID();
        ObjectNode body = json.createObjectNode();
        body.set("changes", cells);
        body.set("dry_run", dryRun(cells, today));
        body.putArray("experiments");
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO price_change (change_id, recommendation_id, status, created_at, created_by, updated_at, "
                    + "body) VALUES (:id, :rec, 'DRAFT', :at, :by, :at, cast(:body AS jsonb))").param("id", id)
                    .param("rec", recommendationId).param("at", java.sql.Timestamp.from(now)).param("by", by)
                    .param("body", body.toString()).update();
            audit(id, by, "DRAFTED", "from recommendation " + recommendationId);
        });
        return find(id);
    }

    /**
     * Every active subscription of a changing plan and segment: its price, next renewal, the notice date (today),
     * the renewal the new price reaches (a decrease at the next renewal; an increase at the first renewal after its
     * notice and the grandfathered months) and MRR before and after.
     */
    private ObjectNode dryRun(ArrayNode cells, LocalDate today) {
        ObjectNode dry = json.createObjectNode();
        ArrayNode subscriptions = dry.putArray("subscriptions");
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal after = BigDecimal.ZERO;
        long grandfathered = 0;
        for (JsonNode c : cells) {
            BigDecimal to = c.path("to").decimalValue();
            boolean increase = to.compareTo(c.path("from").decimalValue()) > 0;
            int months = c.path("grandfather_months").asInt();
            LocalDate earliest = increase ? today.plusDays(c.path("notice_days").asInt()).plusMonths(months) : today;
            BigDecimal monthlyTo = "YEAR".equals(c.path("interval").asText()) ? to.divide(BigDecimal.valueOf(12), 2,
                    RoundingMode.HALF_UP) : to;
            List<Map<String, Object>> rows = jdbc.sql("""
                    WITH latest AS (
                        SELECT DISTINCT ON (customer_id) customer_id, type, plan_id, price, segment
                        FROM subscription_event WHERE type <> 'PAYMENT_FAILED'
                        ORDER BY customer_id, occurred_at DESC, event_id DESC),
                    renewed AS (
                        SELECT customer_id, max(occurred_at) AS at FROM subscription_event
                        WHERE type IN ('SUBSCRIBED', 'RENEWED', 'UPGRADED', 'DOWNGRADED') GROUP BY customer_id)
                    SELECT l.customer_id, l.price, r.at FROM latest l JOIN renewed r USING (customer_id)
                    WHERE l.type <> 'CANCELLED' AND l.plan_id = :plan AND l.segment = :segment
                    ORDER BY l.customer_id""").param("plan", c.path("plan_id").asText())
                    .param("segment", c.path("segment").asText()).query().listOfRows();
            for (Map<String, Object> row : rows) {
                BigDecimal paid = (BigDecimal) row.get("price");
                LocalDate anchor = ((java.sql.Timestamp) row.get("at")).toInstant().atZone(ZoneOffset.UTC).toLocalDate();
                int k = 1;
                while (!anchor.plusMonths(k).isAfter(today)) {
                    k++;
                }
                LocalDate renewal = anchor.plusMonths(k);
                while (anchor.plusMonths(k).isBefore(earliest)) {
                    k++;
                }
                LocalDate effective = anchor.plusMonths(k);
                ObjectNode s = subscriptions.addObject();
                s.put("customer_id", (String) row.get("customer_id"));
                s.put("plan_id", c.path("plan_id").asText());
                s.put("segment", c.path("segment").asText());
                s.put("price_now", paid);
                s.put("new_price", monthlyTo);
                s.put("next_renewal", renewal.toString());
                s.put("notice_date", today.toString());
                s.put("effective_from", effective.toString());
                boolean kept = increase && months > 0;
                s.put("grandfathered", kept);
                if (kept) {
                    s.put("grandfathered_until", today.plusMonths(months).toString());
                    grandfathered++;
                }
                before = before.add(paid == null ? BigDecimal.ZERO : paid);
                after = after.add(monthlyTo);
            }
        }
        dry.put("affected_subscriptions", subscriptions.size());
        dry.put("grandfathered", grandfathered);
        dry.put("mrr_before", before.setScale(2, RoundingMode.HALF_UP));
        dry.put("mrr_after", after.setScale(2, RoundingMode.HALF_UP));
        dry.put("mrr_change", after.subtract(before).setScale(2, RoundingMode.HALF_UP));
        return dry;
    }

    /** Runs a DRAFT as PRICING experiments, one per changing plan and segment, each started at once. */
    public JsonNode launch(UUID id, String by) {
        JsonNode change = requireStatus(id, "DRAFT", "only a DRAFT can be launched");
        ArrayNode keys = json.createArrayNode();
        for (JsonNode c : change.path("changes")) {
            String key = experimentKey(id, c);
            ObjectNode definition = json.createObjectNode();
            definition.put("key", key);
            definition.put("type", "PRICING");
            definition.put("hypothesis", c.path("plan_id").asText() + " for " + c.path("segment").asText() + " at "
                    + c.path("to").decimalValue().toPlainString() + " instead of "
                    + c.path("from").decimalValue().toPlainString() + " earns more (price change " + id + ")");
            definition.put("seed", key);
            ArrayNode variants = definition.putArray("variants");
            variant(variants, "current-price", c.path("from").decimalValue(), c.path("currency").asText());
            variant(variants, "new-price", c.path("to").decimalValue(), c.path("currency").asText());
            ObjectNode metrics = definition.putObject("metrics");
            ObjectNode primary = metrics.putObject("primary");
            primary.put("name", "revenue_per_visitor");
            primary.put("event", "PURCHASE");
            primary.put("aggregate", "SUM_AMOUNT");
            experiments.create(definition, by);
            experiments.start(key, by);
            keys.add(key);
        }
        update(id, "EXPERIMENT", by, "LAUNCHED", body -> ((ObjectNode) body).set("experiments", keys),
                keys.size() + " PRICING experiments started");
        return find(id);
    }

    private static void variant(ArrayNode variants, String key, BigDecimal amount, String currency) {
        ObjectNode v = variants.addObject();
        v.put("key", key);
        v.put("weight", 0.5);
        ObjectNode price = v.putObject("price");
        price.put("amount", amount);
        price.put("currency", currency);
    }

    static String experimentKey(UUID id, JsonNode cell) {
        return ("price-" + id.toString().substring(0, 8) + "-" + cell.path("plan_id").asText() + "-"
                + cell.path("segment").asText()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    }

    /** The new prices won: each experiment ships its new-price variant (refused on a sample ratio mismatch), then apply. */
    public JsonNode ship(UUID id, String by) {
        JsonNode change = requireStatus(id, "EXPERIMENT", "only a launched change ships");
        for (JsonNode key : change.path("experiments")) {
            Experiment e = experiments.find(key.asText());
            if ("SHIPPED".equals(e.status())) {
                continue;
            }
            experiments.ship(key.asText(), "new-price", by, () -> {
                Results.Report report = results.report(key.asText(), null);
                if (report.sampleRatio().flagged()) {
                    throw new ConflictException("sample_ratio_mismatch", "'" + key.asText() + "' cannot ship: "
                            + report.flags().get(0).reason());
                }
            });
        }
        return apply(id, by, "SHIPPED");
    }

    /** Rolls the new prices out (ADMIN): the live prices change and the billing provider's calls are queued. */
    public JsonNode apply(UUID id, String by) {
        return apply(id, by, "APPLIED");
    }

    private JsonNode apply(UUID id, String by, String action) {
        Instant now = clock.instant();
        tx.executeWithoutResult(s -> {
            JsonNode change = lock(id);
            String status = change.path("status").asText();
            if (!"DRAFT".equals(status) && !"EXPERIMENT".equals(status)) {
                throw new ConflictException("invalid_change_status", "only a DRAFT or launched change can be applied; "
                        + id + " is " + status);
            }
            JsonNode body = change.path("body");
            ArrayNode previous = json.createArrayNode();
            Map<SegmentPrices.Key, BigDecimal> overrides = prices.overrides();
            for (JsonNode c : body.path("changes")) {
                SegmentPrices.Key key = new SegmentPrices.Key(c.path("plan_id").asText(), c.path("segment").asText());
                ObjectNode p = previous.addObject();
                p.put("plan_id", key.planId());
                p.put("segment", key.segment());
                p.put("price", c.path("from").decimalValue());
                p.put("had_override", overrides.containsKey(key));
                prices.set(key.planId(), key.segment(), c.path("to").decimalValue(), c.path("currency").asText(), id,
                        now);
            }
            ((ObjectNode) body).set("previous_prices", previous);
            int queued = outbox.queue(id, body.path("changes"), body.path("dry_run").path("subscriptions"), "apply");
            Map<String, Integer> sent = notices.notices(id, notices(body));
            ((ObjectNode) body).set("notices", json.valueToTree(sent));
            save(id, "APPLIED", body);
            audit(id, by, action, "prices live; " + queued + " billing calls queued (" + outbox.provider() + "); "
                    + "notices " + sent);
        });
        return find(id);
    }

    /** One notice per affected subscription: its plan, the prices and the renewal the new price reaches. */
    private List<CampaignMessages.Notice> notices(JsonNode body) {
        Map<String, JsonNode> cells = new java.util.HashMap<>();
        body.path("changes").forEach(c -> cells.put(c.path("plan_id").asText() + "|" + c.path("segment").asText(), c));
        List<CampaignMessages.Notice> list = new java.util.ArrayList<>();
        for (JsonNode s : body.path("dry_run").path("subscriptions")) {
            JsonNode c = cells.get(s.path("plan_id").asText() + "|" + s.path("segment").asText());
            list.add(new CampaignMessages.Notice(s.path("customer_id").asText(), s.path("plan_id").asText(),
                    s.hasNonNull("price_now") ? s.path("price_now").decimalValue() : null,
                    s.path("new_price").decimalValue(), c == null ? "" : c.path("currency").asText(),
                    LocalDate.parse(s.path("effective_from").asText())));
        }
        return list;
    }

    /** Restores the previous prices: experiments reverted, or applied prices set back (and billing moved back). */
    public JsonNode revert(UUID id, String by) {
        Instant now = clock.instant();
        JsonNode current = find(id);
        String status = current.path("status").asText();
        if ("EXPERIMENT".equals(status)) {
            for (JsonNode key : current.path("experiments")) {
                String state = experiments.find(key.asText()).status();
                if ("RUNNING".equals(state) || "STOPPED".equals(state)) {
                    experiments.revert(key.asText(), by);
                }
            }
            update(id, "REVERTED", by, "REVERTED", body -> { }, current.path("experiments").size()
                    + " experiments reverted");
            return find(id);
        }
        if (!"APPLIED".equals(status)) {
            throw new ConflictException("invalid_change_status", "only a launched or applied change can be reverted; "
                    + id + " is " + status);
        }
        tx.executeWithoutResult(s -> {
            JsonNode change = lock(id);
            JsonNode body = change.path("body");
            ArrayNode back = json.createArrayNode();
            for (JsonNode c : body.path("changes")) {
                ObjectNode b = back.addObject();
                b.put("plan_id", c.path("plan_id").asText());
                b.put("segment", c.path("segment").asText());
                b.put("currency", c.path("currency").asText());
                b.put("interval", c.path("interval").asText());
                b.put("from", c.path("to").decimalValue());
                b.put("to", c.path("from").decimalValue());
                prices.set(c.path("plan_id").asText(), c.path("segment").asText(), c.path("from").decimalValue(),
                        c.path("currency").asText(), id, now);
            }
            int withdrawn = outbox.cancelPending(id);
            java.util.Set<String> moved = outbox.moved(id);
            ArrayNode reached = json.createArrayNode();
            body.path("dry_run").path("subscriptions").forEach(sub -> {
                if (moved.contains(sub.path("customer_id").asText())) {
                    ObjectNode copy = sub.deepCopy();
                    copy.put("effective_from", LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).toString());
                    reached.add(copy);
                }
            });
            int queued = outbox.queue(id, back, reached, "revert");
            save(id, "REVERTED", body);
            audit(id, by, "REVERTED", "previous prices live; " + queued + " billing calls queued, " + withdrawn
                    + " not yet sent withdrawn");
        });
        return find(id);
    }

    /** A change with its dry run, experiments, billing state and audit trail. */
    public JsonNode find(UUID id) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT change_id, recommendation_id, status, created_at, created_by, "
                + "updated_at, body::text AS body FROM price_change WHERE change_id = :id").param("id", id)
                .query().listOfRows();
        if (rows.isEmpty()) {
            throw new NotFoundException("unknown_price_change", "No price change " + id);
        }
        Map<String, Object> row = rows.get(0);
        ObjectNode out = json.createObjectNode();
        out.put("change_id", id.toString());
        out.put("recommendation_id", row.get("recommendation_id").toString());
        out.put("status", (String) row.get("status"));
        out.put("created_by", (String) row.get("created_by"));
        out.put("created_at", ((java.sql.Timestamp) row.get("created_at")).toInstant().toString());
        out.put("updated_at", ((java.sql.Timestamp) row.get("updated_at")).toInstant().toString());
        JsonNode body = StoredJson.tree(json, (String) row.get("body"));
        out.set("changes", body.path("changes"));
        out.set("dry_run", body.path("dry_run"));
        out.set("experiments", body.path("experiments"));
        out.set("billing", json.valueToTree(outbox.status(id)));
        ArrayNode audit = out.putArray("audit");
        jdbc.sql("SELECT at, by_user, action, detail::text AS detail FROM price_change_audit WHERE change_id = :id "
                + "ORDER BY audit_id").param("id", id).query(rs -> {
                    ObjectNode a = audit.addObject();
                    a.put("at", rs.getTimestamp("at").toInstant().toString());
                    a.put("by", rs.getString("by_user"));
                    a.put("action", rs.getString("action"));
                    a.put("detail", StoredJson.tree(json, rs.getString("detail")).asText());
                });
        return out;
    }

    public List<JsonNode> list() {
        return jdbc.sql("SELECT change_id FROM price_change ORDER BY created_at DESC LIMIT 100").query(UUID.class).list()
                .stream().map(id -> {
                    JsonNode full = find(id);
                    ObjectNode brief = json.createObjectNode();
                    brief.put("change_id", id.toString());
                    brief.set("status", full.path("status"));
                    brief.set("created_at", full.path("created_at"));
                    brief.set("changes", full.path("changes"));
                    brief.set("billing", full.path("billing"));
                    return (JsonNode) brief;
                }).toList();
    }

    private JsonNode requireStatus(UUID id, String status, String message) {
        JsonNode change = find(id);
        if (!status.equals(change.path("status").asText())) {
            throw new ConflictException("invalid_change_status", message + "; " + id + " is "
                    + change.path("status").asText());
        }
        return change;
    }

    private void update(UUID id, String status, String by, String action, java.util.function.Consumer<JsonNode> edit,
            String detail) {
        tx.executeWithoutResult(s -> {
            JsonNode change = lock(id);
            JsonNode body = change.path("body");
            edit.accept(body);
            save(id, status, body);
            audit(id, by, action, detail);
        });
    }

    private JsonNode lock(UUID id) {
        List<Map<String, Object>> rows = jdbc.sql("SELECT status, body::text AS body FROM price_change "
                + "WHERE change_id = :id FOR UPDATE").param("id", id).query().listOfRows();
        if (rows.isEmpty()) {
            throw new NotFoundException("unknown_price_change", "No price change " + id);
        }
        ObjectNode out = json.createObjectNode();
        out.put("status", (String) rows.get(0).get("status"));
        out.set("body", StoredJson.tree(json, (String) rows.get(0).get("body")));
        return out;
    }

    private void save(UUID id, String status, JsonNode body) {
        jdbc.sql("UPDATE price_change SET status = :status, body = cast(:body AS jsonb), updated_at = :at "
                + "WHERE change_id = :id").param("status", status).param("body", body.toString())
                .param("at", java.sql.Timestamp.from(clock.instant())).param("id", id).update();
    }

    private void audit(UUID id, String by, String action, String detail) {
        jdbc.sql("INSERT INTO price_change_audit (change_id, at, by_user, action, detail) VALUES (:id, :at, :by, "
                + ":action, cast(:detail AS jsonb))").param("id", id).param("at", java.sql.Timestamp.from(clock.instant()))
                .param("by", by).param("action", action).param("detail", json.valueToTree(detail).toString()).update();
    }
}
