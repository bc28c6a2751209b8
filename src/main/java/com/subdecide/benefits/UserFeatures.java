package com.subdecide.benefits;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's behaviour as model features, computed from the stored events at the moment they are asked for, so a
 * score reflects the latest events without retraining. Counts and amounts are taken as {@code ln(1 + x)}.
 */
@Component
public class UserFeatures {

    /** Feature names, in the order of {@link #of}'s arrays. */
    public static final List<String> NAMES = List.of("purchases_30d", "purchases_90d", "spend_90d", "avg_order_value",
            "page_views_30d", "dwell_minutes_30d", "categories_30d", "email_opens_30d", "email_clicks_30d",
            "ad_clicks_30d", "wishlist_adds_90d", "reviews_90d");

    private final JdbcClient jdbc;

    UserFeatures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Features of each user (users without events get zeros), from events before {@code asOf}. */
    public Map<String, double[]> of(List<String> users, Instant asOf) {
        Map<String, double[]> features = new LinkedHashMap<>();
        profiles(users, asOf).forEach((user, profile) -> features.put(user, profile.features()));
        return features;
    }

    /** A user's model features and what eligibility rules see of them, from one read of their events. */
    public record Profile(double[] features, com.subdecide.benefits.domain.BenefitUser behaviour) {
    }

    /** Profiles of each user (users without events get zeros), from events before {@code asOf}. */
    public Map<String, Profile> profiles(List<String> users, Instant asOf) {
        Map<String, Profile> features = new LinkedHashMap<>();
        users.forEach(u -> features.put(u, new Profile(new double[NAMES.size()],
                new com.subdecide.benefits.domain.BenefitUser(u, 0, 0, 0))));
        if (users.isEmpty()) {
            return features;
        }
        jdbc.sql("""
                SELECT user_id,
                  count(*) FILTER (WHERE type = 'PURCHASE' AND occurred_at >= :d30) AS purchases_30d,
                  count(*) FILTER (WHERE type = 'PURCHASE') AS purchases_90d,
                  coalesce(sum(amount) FILTER (WHERE type = 'PURCHASE'), 0) AS spend_90d,
                  count(*) FILTER (WHERE type = 'PAGE_VIEW' AND occurred_at >= :d30) AS page_views_30d,
                  coalesce(sum(dwell_seconds) FILTER (WHERE type = 'PAGE_VIEW' AND occurred_at >= :d30), 0) AS dwell_30d,
                  count(DISTINCT category) FILTER (WHERE occurred_at >= :d30) AS categories_30d,
                  count(*) FILTER (WHERE type = 'EMAIL_OPEN' AND occurred_at >= :d30) AS email_opens_30d,
                  count(*) FILTER (WHERE type = 'EMAIL_CLICK' AND occurred_at >= :d30) AS email_clicks_30d,
                  count(*) FILTER (WHERE type = 'AD_CLICK' AND occurred_at >= :d30) AS ad_clicks_30d,
                  count(*) FILTER (WHERE type = 'WISHLIST_ADD') AS wishlist_adds_90d,
                  count(*) FILTER (WHERE type = 'REVIEW') AS reviews_90d
                FROM benefit_event
                WHERE user_id = ANY(CAST(:users AS text[])) AND type <> 'BENEFIT_USED'
                  AND occurred_at >= :d90 AND occurred_at < :asOf
                GROUP BY user_id
                """)
                .param("users", "{" + String.join(",", users.stream().map(UserFeatures::quoted).toList()) + "}")
                .param("d30", Timestamp.from(asOf.minus(Duration.ofDays(30))))
                .param("d90", Timestamp.from(asOf.minus(Duration.ofDays(90))))
                .param("asOf", Timestamp.from(asOf))
                .query(rs -> {
                    double purchases90 = rs.getLong("purchases_90d");
                    double spend = rs.getBigDecimal("spend_90d").doubleValue();
                    String user = rs.getString("user_id");
                    features.put(user, new Profile(new double[] {
                            ln(rs.getLong("purchases_30d")), ln(purchases90), ln(spend),
                            ln(purchases90 == 0 ? 0 : spend / purchases90), ln(rs.getLong("page_views_30d")),
                            ln(rs.getLong("dwell_30d") / 60.0), ln(rs.getLong("categories_30d")),
                            ln(rs.getLong("email_opens_30d")), ln(rs.getLong("email_clicks_30d")),
                            ln(rs.getLong("ad_clicks_30d")), ln(rs.getLong("wishlist_adds_90d")),
                            ln(rs.getLong("reviews_90d"))},
                            new com.subdecide.benefits.domain.BenefitUser(user, (int) rs.getLong("purchases_90d"),
                                    (int) rs.getLong("reviews_90d"), (int) rs.getLong("wishlist_adds_90d"))));
                });
        return features;
    }

    /** What eligibility rules may know of a user: raw counts over the last 90 days before {@code asOf}. */
    public com.subdecide.benefits.domain.BenefitUser behaviour(String userId, Instant asOf) {
        return jdbc.sql("""
                SELECT count(*) FILTER (WHERE type = 'PURCHASE') AS purchases,
                       count(*) FILTER (WHERE type = 'REVIEW') AS reviews,
                       count(*) FILTER (WHERE type = 'WISHLIST_ADD') AS wishes
                FROM benefit_event WHERE user_id = :u AND occurred_at >= :d90 AND occurred_at < :asOf
                """).param("u", userId).param("d90", Timestamp.from(asOf.minus(Duration.ofDays(90))))
                .param("asOf", Timestamp.from(asOf))
                .query((rs, i) -> new com.subdecide.benefits.domain.BenefitUser(userId, rs.getInt("purchases"),
                        rs.getInt("reviews"), rs.getInt("wishes")))
                .single();
    }

    /** Benefits each user used, from {@code BENEFIT_USED} events before {@code asOf}. */
    public Map<String, java.util.Set<String>> used(Instant asOf) {
        Map<String, java.util.Set<String>> used = new LinkedHashMap<>();
        jdbc.sql("SELECT DISTINCT user_id, benefit_id FROM benefit_event WHERE type = 'BENEFIT_USED' AND occurred_at < :asOf")
                .param("asOf", Timestamp.from(asOf))
                .query(rs -> {
                    used.computeIfAbsent(rs.getString("user_id"), k -> new java.util.HashSet<>()).add(rs.getString("benefit_id"));
                });
        return used;
    }

    /** Every user with events before {@code asOf}. */
    public List<String> users(Instant asOf) {
        return jdbc.sql("SELECT DISTINCT user_id FROM benefit_event WHERE occurred_at < :asOf ORDER BY user_id")
                .param("asOf", Timestamp.from(asOf)).query(String.class).list();
    }

    private static double ln(double x) {
        return Math.log1p(Math.max(0, x));
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
