package com.subdecide.rotation.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rotation.SavingsLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Users' rotation state, the content catalog, plans, actions and the savings ledger, in PostgreSQL. */
@Repository
public class UserStates {

    /** A user's state: budget, watchlist and subscriptions as request JSON items. */
    public record State(String userId, BigDecimal budgetCap, String currency, List<JsonNode> watchlist,
            List<JsonNode> subscriptions, OffsetDateTime updatedAt) {
    }

    /** A stored plan. */
    public record StoredPlan(UUID decisionId, LocalDate month, OffsetDateTime decidedAt, String trigger, String reason,
            JsonNode plan) {
    }

    /** A recorded user action on a plan. */
    public record Action(UUID decisionId, String platformId, String action, String outcome, OffsetDateTime recordedAt) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    UserStates(JdbcClient jdbc, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    public long saveCatalog(JsonNode body, String by) {
        return jdbc.sql("INSERT INTO content_catalog (received_by, body) VALUES (:by, CAST(:body AS json)) RETURNING catalog_id")
                .param("by", by).param("body", body.toString()).query(Long.class).single();
    }

    /** Users with a plan for the month whose watchlist holds any of the titles. */
    public List<String> usersPlannedWith(YearMonth month, java.util.Collection<String> titleIds) {
        if (titleIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT DISTINCT w.user_id FROM rotation_watch_item w JOIN rotation_plan p ON p.user_id = w.user_id
                WHERE p.month = :m AND w.title_id = ANY(:titles) ORDER BY w.user_id
                """).param("m", Date.valueOf(month.atDay(1))).param("titles", titleIds.toArray(new String[0]))
                .query(String.class).list();
    }

    public Optional<JsonNode> latestCatalog() {
        return jdbc.sql("SELECT body::text FROM content_catalog ORDER BY catalog_id DESC LIMIT 1").query(String.class)
                .optional().map(this::tree);
    }

    /** Replaces a user's state (creating the user); the baseline is seeded only when the user has none. */
    public void replace(String userId, BigDecimal budget, String currency, List<JsonNode> watchlist,
            List<JsonNode> subscriptions, List<SavingsLedger.BaselineService> onboarding) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO rotation_user (user_id, budget_cap, currency) VALUES (:u, :b, :c)
                    ON CONFLICT (user_id) DO UPDATE SET budget_cap = :b, currency = :c, updated_at = now()
                    """).param("u", userId).param("b", budget).param("c", currency).update();
            jdbc.sql("DELETE FROM rotation_watch_item WHERE user_id = :u").param("u", userId).update();
            for (JsonNode item : watchlist) {
                putWatchItem(userId, item);
            }
            jdbc.sql("DELETE FROM rotation_subscription WHERE user_id = :u").param("u", userId).update();
            for (JsonNode item : subscriptions) {
                jdbc.sql("INSERT INTO rotation_subscription (user_id, platform_id, item) VALUES (:u, :p, CAST(:i AS json))")
                        .param("u", userId).param("p", item.get("platform_id").asText()).param("i", item.toString()).update();
            }
            if (baseline(userId).isEmpty()) {
                onboarding.forEach(b -> joinBaseline(userId, b));
            }
        });
    }

    public void putWatchItem(String userId, JsonNode item) {
        jdbc.sql("""
                INSERT INTO rotation_watch_item (user_id, title_id, item) VALUES (:u, :t, CAST(:i AS json))
                ON CONFLICT (user_id, title_id) DO UPDATE SET item = CAST(:i AS json), updated_at = now()
                """).param("u", userId).param("t", item.get("title_id").asText()).param("i", item.toString()).update();
    }

    public Optional<State> find(String userId) {
        return jdbc.sql("SELECT budget_cap, currency, updated_at FROM rotation_user WHERE user_id = :u").param("u", userId)
                .query((rs, i) -> new State(userId, rs.getBigDecimal("budget_cap"), rs.getString("currency"),
                        items("SELECT item::text FROM rotation_watch_item WHERE user_id = :u ORDER BY title_id", userId),
                        items("SELECT item::text FROM rotation_subscription WHERE user_id = :u ORDER BY platform_id", userId),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .optional();
    }

    public List<SavingsLedger.BaselineService> baseline(String userId) {
        return jdbc.sql("SELECT * FROM rotation_baseline WHERE user_id = :u ORDER BY platform_id").param("u", userId)
                .query((rs, i) -> new SavingsLedger.BaselineService(rs.getString("platform_id"), rs.getString("tier_id"),
                        rs.getBigDecimal("monthly_cost"), YearMonth.from(rs.getObject("since", LocalDate.class)),
                        rs.getString("source")))
                .list();
    }

    public void joinBaseline(String userId, SavingsLedger.BaselineService service) {
        jdbc.sql("""
                INSERT INTO rotation_baseline (user_id, platform_id, tier_id, monthly_cost, since, source)
                VALUES (:u, :p, :t, :c, :s, :src) ON CONFLICT (user_id, platform_id) DO NOTHING
                """).param("u", userId).param("p", service.platformId()).param("t", service.tierId())
                .param("c", service.monthlyCost()).param("s", Date.valueOf(service.since().atDay(1)))
                .param("src", service.source()).update();
    }

    public void savePlan(String userId, UUID decisionId, LocalDate month, String trigger, String reason, String plan) {
        jdbc.sql("""
                INSERT INTO rotation_plan (decision_id, user_id, month, trigger, reason, plan)
                VALUES (:d, :u, :m, :t, :r, CAST(:p AS json))
                """).param("d", decisionId).param("u", userId).param("m", Date.valueOf(month)).param("t", trigger)
                .param("r", reason).param("p", plan).update();
    }

    /** The user's plans for a month, oldest first (the monthly plan, then re-evaluations). */
    public List<StoredPlan> plans(String userId, YearMonth month) {
        return jdbc.sql("""
                SELECT decision_id, month, decided_at, trigger, reason, plan::text AS plan FROM rotation_plan
                WHERE user_id = :u AND month = :m ORDER BY decided_at, decision_id
                """).param("u", userId).param("m", Date.valueOf(month.atDay(1)))
                .query((rs, i) -> new StoredPlan(rs.getObject("decision_id", UUID.class),
                        rs.getObject("month", LocalDate.class), rs.getObject("decided_at", OffsetDateTime.class),
                        rs.getString("trigger"), rs.getString("reason"), tree(rs.getString("plan"))))
                .list();
    }

    public boolean planBelongsTo(UUID decisionId, String userId) {
        return jdbc.sql("SELECT count(*) FROM rotation_plan WHERE decision_id = :d AND user_id = :u")
                .param("d", decisionId).param("u", userId).query(Long.class).single() == 1;
    }

    public void recordAction(UUID decisionId, String platformId, String action, String outcome) {
        jdbc.sql("""
                INSERT INTO rotation_plan_action (decision_id, platform_id, action, outcome) VALUES (:d, :p, :a, :o)
                ON CONFLICT (decision_id, platform_id, action) DO UPDATE SET outcome = :o, recorded_at = now()
                """).param("d", decisionId).param("p", platformId).param("a", action).param("o", outcome).update();
    }

    public List<Action> actions(String userId, YearMonth month) {
        return jdbc.sql("""
                SELECT a.* FROM rotation_plan_action a JOIN rotation_plan p USING (decision_id)
                WHERE p.user_id = :u AND p.month = :m ORDER BY a.recorded_at
                """).param("u", userId).param("m", Date.valueOf(month.atDay(1)))
                .query((rs, i) -> new Action(rs.getObject("decision_id", UUID.class), rs.getString("platform_id"),
                        rs.getString("action"), rs.getString("outcome"), rs.getObject("recorded_at", OffsetDateTime.class)))
                .list();
    }

    /** Writes a month's ledger entries, replacing any written before for that month. */
    public void replaceSavings(String userId, YearMonth month, List<SavingsLedger.Entry> entries) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM rotation_savings WHERE user_id = :u AND month = :m").param("u", userId)
                    .param("m", Date.valueOf(month.atDay(1))).update();
            for (SavingsLedger.Entry e : entries) {
                jdbc.sql("""
                        INSERT INTO rotation_savings (user_id, month, platform_id, kind, amount)
                        VALUES (:u, :m, :p, :k, :a)
                        """).param("u", userId).param("m", Date.valueOf(month.atDay(1))).param("p", e.platformId())
                        .param("k", e.kind()).param("a", e.amount()).update();
            }
        });
    }

    public List<SavingsLedger.Entry> savings(String userId) {
        return jdbc.sql("SELECT * FROM rotation_savings WHERE user_id = :u ORDER BY month, platform_id").param("u", userId)
                .query((rs, i) -> new SavingsLedger.Entry(YearMonth.from(rs.getObject("month", LocalDate.class)),
                        rs.getString("platform_id"), rs.getString("kind"), rs.getBigDecimal("amount")))
                .list();
    }

    private List<JsonNode> items(String sql, String userId) {
        return jdbc.sql(sql).param("u", userId).query(String.class).list().stream().map(this::tree).toList();
    }

    private JsonNode tree(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
