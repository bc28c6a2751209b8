package com.subdecide.tools;

import com.subdecide.benefits.BehaviourEvent;
import com.subdecide.customers.SubscriptionEvents;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Seeded synthetic subscribers with known churn, for tests, benchmarks and the README. Customers arrive over the 36
 * months before {@code now}, more each month (3% growth) and more in some months than others (a yearly wave of
 * ±25%). Each belongs to a segment whose churn follows a shifted-beta-geometric population: a customer's monthly
 * probability of cancelling at a renewal, θ, is drawn once from Beta(α, β) of their segment and never changes.
 *
 * <pre>
 * segment     share  α    β     mean θ  price elasticity  plans basic/standard/premium
 * individual  55%    0.8  4.5   0.151   -1.2              40/40/20
 * family      25%    1.4  10.0  0.123   -0.8              10/40/50
 * student     20%    0.9  3.0   0.231   -2.0              70/25/5
 * </pre>
 *
 * The signals a churn model can read are noisy functions of θ: before each renewal a payment fails with
 * probability 0.02 + 0.6·θ; in each of the last six 30-day windows (w = 0 the newest) the customer has
 * Poisson(λ·e^(−1.2θ·(5−w))) sessions (page views), λ ~ Gamma(2, 5) per customer, so risky customers' usage fades,
 * and Poisson(0.05 + 1.5·θ) support contacts. Halfway through a month a customer below the top tier upgrades with
 * probability 0.015·λ/10, and one above the lowest downgrades with probability 0.01 + 0.1·θ. Behavioural events
 * exist only for the last 180 days. The price elasticities are the segments' true sensitivity of conversion to
 * price, for the pricing models.
 */
public final class SyntheticSubscribers {

    /** A segment's true parameters. */
    public record SegmentTruth(String segment, double share, double alpha, double beta, double priceElasticity,
            double[] planShares) {
    }

    public record PlanTruth(String planId, String name, int tierOrder, BigDecimal price) {
    }

    public static final List<SegmentTruth> SEGMENTS = List.of(
            new SegmentTruth("individual", 0.55, 0.8, 4.5, -1.2, new double[] {0.4, 0.4, 0.2}),
            new SegmentTruth("family", 0.25, 1.4, 10.0, -0.8, new double[] {0.1, 0.4, 0.5}),
            new SegmentTruth("student", 0.20, 0.9, 3.0, -2.0, new double[] {0.7, 0.25, 0.05}));
    public static final List<PlanTruth> PLANS = List.of(
            new PlanTruth("basic", "Basic", 1, new BigDecimal("8.99")),
            new PlanTruth("standard", "Standard", 2, new BigDecimal("13.99")),
            new PlanTruth("premium", "Premium", 3, new BigDecimal("19.99")));
    public static final String CURRENCY = "USD";
    public static final int MONTHS = 36;
    private static final int WINDOWS = 6;

    /** A generated customer, their true monthly churn probability and their events. */
    public record Customer(String customerId, String segment, double theta, Instant subscribedAt, Instant cancelledAt,
            List<SubscriptionEvents.Event> events, List<BehaviourEvent> behaviour) {

        public boolean activeAt(Instant t) {
            return !subscribedAt.isAfter(t) && (cancelledAt == null || cancelledAt.isAfter(t));
        }

        public boolean cancelledIn(Instant from, Instant to) {
            return cancelledAt != null && !cancelledAt.isBefore(from) && cancelledAt.isBefore(to);
        }
    }

    private SyntheticSubscribers() {
    }

    public static List<Customer> generate(int customers, long seed, Instant now) {
        RandomGenerator random = new MersenneTwister(seed);
        ZonedDateTime end = now.atZone(ZoneOffset.UTC);
        ZonedDateTime first = end.minusMonths(MONTHS).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        double[] weights = new double[MONTHS];
        for (int m = 0; m < MONTHS; m++) {
            int monthOfYear = first.plusMonths(m).getMonthValue();
            weights[m] = Math.pow(1.03, m) * (1 + 0.25 * Math.sin(2 * Math.PI * monthOfYear / 12.0));
        }
        List<BetaDistribution> thetas = SEGMENTS.stream()
                .map(s -> new BetaDistribution(random, s.alpha(), s.beta())).toList();
        GammaDistribution usage = new GammaDistribution(random, 2, 5);
        Instant windowsStart = now.minus(Duration.ofDays(30L * WINDOWS));
        List<Customer> out = new ArrayList<>(customers);
        for (int i = 0; i < customers; i++) {
            String id = "s" + seed + "-c" + i;
            int segmentIndex = pick(random, SEGMENTS.stream().mapToDouble(SegmentTruth::share).toArray());
            SegmentTruth segment = SEGMENTS.get(segmentIndex);
            double theta = thetas.get(segmentIndex).sample();
            double lambda = usage.sample();
            int month = pick(random, weights);
            ZonedDateTime monthStart = first.plusMonths(month);
            ZonedDateTime start = monthStart.plusSeconds((long) (random.nextDouble()
                    * Duration.between(monthStart, monthStart.plusMonths(1)).getSeconds()));
            if (!start.toInstant().isBefore(now)) {
                start = end.minusHours(1);
            }
            int plan = pick(random, segment.planShares());
            List<SubscriptionEvents.Event> events = new ArrayList<>();
            int[] n = {0};
            events.add(event(id, n[0]++, "SUBSCRIBED", PLANS.get(plan), segment, start));
            Instant cancelled = null;
            int current = plan;
            for (int k = 1; ; k++) {
                ZonedDateTime renewal = start.plusMonths(k);
                if (renewal.toInstant().isAfter(now)) {
                    break;
                }
                ZonedDateTime failure = renewal.minusDays(3);
                if (random.nextDouble() < 0.02 + 0.6 * theta && failure.toInstant().isBefore(now)) {
                    events.add(new SubscriptionEvents.Event(id + "-e" + n[0]++, id, "PAYMENT_FAILED",
                            PLANS.get(current).planId(), null, null, segment.segment(), failure.toInstant()));
                }
                if (random.nextDouble() < theta) {
                    ZonedDateTime at = renewal.minusDays(1);
                    events.add(new SubscriptionEvents.Event(id + "-e" + n[0]++, id, "CANCELLED",
                            PLANS.get(current).planId(), null, null, segment.segment(), at.toInstant()));
                    cancelled = at.toInstant();
                    break;
                }
                events.add(event(id, n[0]++, "RENEWED", PLANS.get(current), segment, renewal));
                ZonedDateTime midMonth = renewal.plusDays(14);
                if (midMonth.toInstant().isBefore(now)) {
                    if (current < PLANS.size() - 1 && random.nextDouble() < 0.015 * lambda / 10) {
                        current++;
                        events.add(event(id, n[0]++, "UPGRADED", PLANS.get(current), segment, midMonth));
                    } else if (current > 0 && random.nextDouble() < 0.01 + 0.1 * theta) {
                        current--;
                        events.add(event(id, n[0]++, "DOWNGRADED", PLANS.get(current), segment, midMonth));
                    }
                }
            }
            List<BehaviourEvent> behaviour = new ArrayList<>();
            Instant activeFrom = start.toInstant();
            Instant activeTo = cancelled == null ? now : cancelled;
            if (activeTo.isAfter(windowsStart)) {
                int b = 0;
                for (int w = WINDOWS - 1; w >= 0; w--) {
                    Instant from = now.minus(Duration.ofDays(30L * (w + 1)));
                    double rate = lambda * Math.exp(-1.2 * theta * (WINDOWS - 1 - w));
                    int sessions = poisson(random, rate);
                    int contacts = poisson(random, 0.05 + 1.5 * theta);
                    for (int s = 0; s < sessions + contacts; s++) {
                        Instant at = from.plusSeconds((long) (random.nextDouble() * Duration.ofDays(30).getSeconds()));
                        if (at.isBefore(activeFrom) || !at.isBefore(activeTo)) {
                            continue;
                        }
                        boolean session = s < sessions;
                        behaviour.add(new BehaviourEvent(id + "-b" + b++, id, session ? "PAGE_VIEW" : "SUPPORT_CONTACT",
                                at, null, null, null, session ? 300 + random.nextInt(1500) : null, null));
                    }
                }
            }
            out.add(new Customer(id, segment.segment(), theta, activeFrom, cancelled, events, behaviour));
        }
        return out;
    }

    private static SubscriptionEvents.Event event(String id, int n, String type, PlanTruth plan, SegmentTruth segment,
            ZonedDateTime at) {
        return new SubscriptionEvents.Event(id + "-e" + n, id, type, plan.planId(), plan.price(), CURRENCY,
                segment.segment(), at.toInstant());
    }

    private static int pick(RandomGenerator random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static int poisson(RandomGenerator random, double mean) {
        return mean <= 0 ? 0 : new PoissonDistribution(random, mean, PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }
}
