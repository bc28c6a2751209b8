package com.subdecide.tools;

import com.subdecide.benefits.BehaviourEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Seeded synthetic shoppers with known benefit propensities, for tests and demonstrations of the propensity
 * model. Each user has latent habits (buying, browsing, email, ads, wish lists, reviews, breadth of interest);
 * 90 days of events are drawn from them; each benefit's true propensity is a logistic function of the user's
 * behaviour with the coefficients below; a {@code BENEFIT_USED} event is drawn with that probability. A model
 * that recovers the propensities ranks users about as well as the true probabilities do.
 *
 * <pre>
 * fast_shipping      = σ(-2.6 + 1.5·ln(1+purchases_30d) + 0.5·ln(1+purchases_90d))
 * exclusive_products = σ(-3.0 + 1.4·ln(1+wishlist_adds_90d) + 0.9·ln(1+reviews_90d) + 0.4·ln(1+categories_30d))
 * discount_10        = σ(-0.8 + 0.9·ln(1+email_clicks_30d) + 1.0·ln(1+ad_clicks_30d) − 0.35·ln(1+avg_order_value))
 * early_access       = σ(-3.4 + 0.7·ln(1+page_views_30d) + 0.5·ln(1+dwell_minutes_30d))
 * free_returns       = σ(-3.4 + 1.2·ln(1+purchases_90d) + 0.3·ln(1+avg_order_value))
 * cashback_5         = σ(-3.2 + 0.35·ln(1+spend_90d) + 0.9·ln(1+email_opens_30d))
 * exclusive_drop_nov = σ(-3.2 + 1.2·ln(1+wishlist_adds_90d) + 1.1·ln(1+ad_clicks_30d))
 * extended_warranty  = σ(-3.6 + 0.5·ln(1+avg_order_value) + 1.4·ln(1+reviews_90d))
 * </pre>
 */
public final class SyntheticPopulation {

    public static final List<String> BENEFITS = List.of("fast_shipping", "exclusive_products", "discount_10",
            "early_access", "free_returns", "cashback_5", "exclusive_drop_nov", "extended_warranty");
    private static final String[] CATEGORIES = {"books", "electronics", "home", "fashion", "toys", "grocery", "garden",
            "sports"};

    /** A generated user: the true propensity per benefit, and their events (labels included). */
    public record User(String userId, Map<String, Double> propensity, List<BehaviourEvent> events) {

        /** Purchases, reviews and wish-list adds in the last 90 days, as the eligibility rules see them. */
        public com.subdecide.benefits.domain.BenefitUser behaviour() {
            int purchases = 0;
            int reviews = 0;
            int wishes = 0;
            for (BehaviourEvent e : events) {
                switch (e.type()) {
                    case "PURCHASE" -> purchases++;
                    case "REVIEW" -> reviews++;
                    case "WISHLIST_ADD" -> wishes++;
                    default -> { }
                }
            }
            return new com.subdecide.benefits.domain.BenefitUser(userId, purchases, reviews, wishes);
        }
    }

    private SyntheticPopulation() {
    }

    public static List<User> generate(int users, long seed, Instant asOf) {
        List<User> out = new ArrayList<>(users);
        generate(users, seed, asOf, out::add);
        return out;
    }

    /** The same users as {@link #generate(int, long, Instant)}, handed over one at a time (large populations). */
    public static void generate(int users, long seed, Instant asOf, java.util.function.Consumer<User> each) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int u = 0; u < users; u++) {
            each.accept(user("syn-" + seed + "-" + u, random.split(), asOf));
        }
    }

    private static User user(String id, SplittableRandom r, Instant asOf) {
        double buyer = habit(r);
        double browser = habit(r);
        double emailer = habit(r);
        double adClicker = habit(r);
        double wisher = habit(r);
        double reviewer = habit(r);
        int breadth = 1 + r.nextInt(CATEGORIES.length);
        List<BehaviourEvent> events = new ArrayList<>();
        int[] seq = {0};

        int purchases90 = poisson(r, 3 * buyer);
        int purchases30 = 0;
        double spend = 0;
        for (int i = 0; i < purchases90; i++) {
            long ago = r.nextLong(90L * 86_400);
            purchases30 += ago < 30L * 86_400 ? 1 : 0;
            BigDecimal amount = BigDecimal.valueOf(Math.round((15 + 60 * Math.exp(r.nextGaussian() * 0.6)) * 100), 2);
            spend += amount.doubleValue();
            events.add(event(id, seq, "PURCHASE", asOf, ago, category(r, breadth), amount, null, null));
        }
        int views = poisson(r, 20 * browser);
        double dwellSeconds = 0;
        java.util.Set<String> categories = new java.util.HashSet<>();
        for (int i = 0; i < views; i++) {
            int dwell = 1 + (int) (-Math.log(1 - r.nextDouble()) * 60 * browser);
            dwellSeconds += dwell;
            String category = category(r, breadth);
            categories.add(category);
            events.add(event(id, seq, "PAGE_VIEW", asOf, r.nextLong(30L * 86_400), category, null, Math.min(dwell, 86_400), null));
        }
        int opens = poisson(r, 8 * emailer);
        int clicks = 0;
        for (int i = 0; i < opens; i++) {
            events.add(event(id, seq, "EMAIL_OPEN", asOf, r.nextLong(30L * 86_400), null, null, null, null));
            if (r.nextDouble() < 0.15 + 0.5 * emailer / (1 + emailer)) {
                clicks++;
                events.add(event(id, seq, "EMAIL_CLICK", asOf, r.nextLong(30L * 86_400), null, null, null, null));
            }
        }
        int ads = poisson(r, 2 * adClicker);
        for (int i = 0; i < ads; i++) {
            events.add(event(id, seq, "AD_CLICK", asOf, r.nextLong(30L * 86_400), category(r, breadth), null, null, null));
        }
        int wishes = poisson(r, 2 * wisher);
        for (int i = 0; i < wishes; i++) {
            events.add(event(id, seq, "WISHLIST_ADD", asOf, r.nextLong(90L * 86_400), category(r, breadth), null, null, null));
        }
        int reviews = poisson(r, reviewer);
        for (int i = 0; i < reviews; i++) {
            events.add(event(id, seq, "REVIEW", asOf, r.nextLong(90L * 86_400), category(r, breadth), null, null, null));
        }

        double avgOrder = purchases90 == 0 ? 0 : spend / purchases90;
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("fast_shipping", sigmoid(-2.6 + 1.5 * ln(purchases30) + 0.5 * ln(purchases90)));
        p.put("exclusive_products", sigmoid(-3.0 + 1.4 * ln(wishes) + 0.9 * ln(reviews) + 0.4 * ln(categories.size())));
        p.put("discount_10", sigmoid(-0.8 + 0.9 * ln(clicks) + 1.0 * ln(ads) - 0.35 * ln(avgOrder)));
        p.put("early_access", sigmoid(-3.4 + 0.7 * ln(views) + 0.5 * ln(dwellSeconds / 60)));
        p.put("free_returns", sigmoid(-3.4 + 1.2 * ln(purchases90) + 0.3 * ln(avgOrder)));
        p.put("cashback_5", sigmoid(-3.2 + 0.35 * ln(spend) + 0.9 * ln(opens)));
        p.put("exclusive_drop_nov", sigmoid(-3.2 + 1.2 * ln(wishes) + 1.1 * ln(ads)));
        p.put("extended_warranty", sigmoid(-3.6 + 0.5 * ln(avgOrder) + 1.4 * ln(reviews)));
        p.forEach((benefit, probability) -> {
            if (r.nextDouble() < probability) {
                events.add(event(id, seq, "BENEFIT_USED", asOf, r.nextLong(90L * 86_400), null, null, null, benefit));
            }
        });
        return new User(id, p, events);
    }

    private static BehaviourEvent event(String user, int[] seq, String type, Instant asOf, long secondsAgo,
            String category, BigDecimal amount, Integer dwell, String benefit) {
        return new BehaviourEvent(user + "-e" + seq[0]++, user, type, asOf.minus(Duration.ofSeconds(secondsAgo + 1)),
                category, null, amount, dwell, benefit);
    }

    /** A habit strength, log-normal around 1. */
    private static double habit(SplittableRandom r) {
        return Math.exp(r.nextGaussian() * 0.8 - 0.3);
    }

    private static int poisson(SplittableRandom r, double mean) {
        double limit = Math.exp(-Math.min(mean, 500));
        double product = r.nextDouble();
        int n = 0;
        while (product > limit && n < 10_000) {
            product *= r.nextDouble();
            n++;
        }
        return n;
    }

    private static String category(SplittableRandom r, int breadth) {
        return CATEGORIES[r.nextInt(breadth)];
    }

    private static double ln(double x) {
        return Math.log1p(Math.max(0, x));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
