package com.subdecide.customers;

import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Lifetime values from the shifted-beta-geometric model, fitted by maximum likelihood to each segment's stored
 * lifetimes (every customer's months from first subscription to cancellation, or to now if still subscribed: a
 * censored lifetime) and to each quarterly cohort of it. Value = margin × price per month × discounted expected
 * months, margin and discount rate from {@code customer-value.drl.xlsx}. Fits are kept until new subscription events
 * arrive.
 */
@Service
public class CustomerValues {

    /** A fitted retention model and what it was fitted on. */
    public record Fit(String segment, String cohort, int customers, int churned, double alpha, double beta,
            double meanMonthlyChurn, List<Double> survival12) {

        ShiftedBetaGeometric model() {
            return new ShiftedBetaGeometric(alpha, beta);
        }
    }

    public record CohortValue(String cohort, int customers, int churned, Double alpha, Double beta, BigDecimal ltv,
            String note) {
    }

    public record SegmentValue(String segment, String currency, int customers, int active, int churned, double alpha,
            double beta, double meanMonthlyChurn, List<Double> survival12, double margin, double annualDiscountRate,
            BigDecimal averageMonthlyPrice, double discountedExpectedMonths, BigDecimal ltv, List<CohortValue> cohorts,
            List<Map<String, String>> rules) {
    }

    public record CustomerValue(String customerId, String segment, boolean active, int tenureMonths,
            BigDecimal monthlyPrice, String currency, double margin, double annualDiscountRate,
            double discountedExpectedRemainingMonths, BigDecimal expectedResidualValue, BigDecimal revenueToDate,
            Map<String, Object> retentionModel, List<Map<String, String>> rules) {
    }

    record Lifetime(String customerId, Instant subscribedAt, int months, boolean churned, BigDecimal price) {
    }

    private record Cached(long generation, List<Lifetime> lifetimes) {
    }

    private final JdbcClient jdbc;
    private final CustomerProfiles profiles;
    private final CustomerTables tables;
    private final SubscriptionEvents events;
    private final PriceBook priceBook;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    CustomerValues(JdbcClient jdbc, CustomerProfiles profiles, CustomerTables tables, SubscriptionEvents events,
            PriceBook priceBook, Clock clock) {
        this.jdbc = jdbc;
        this.priceBook = priceBook;
        this.profiles = profiles;
        this.tables = tables;
        this.events = events;
        this.clock = clock;
    }

    /** The value assumptions of a segment (margin, discount rate, churn's answer to price) from the table. */
    public ValueAssumptions assumptions(String segment) {
        return tables.assumptions(segment).fact();
    }

    /** A segment's value: its pooled fit, each quarterly cohort's, and the value of a new customer. */
    public SegmentValue segment(String segment) {
        List<Lifetime> lifetimes = lifetimes(segment);
        CustomerTables.Applied<ValueAssumptions> applied = tables.assumptions(segment);
        ValueAssumptions v = applied.fact();
        Fit fit = fit(segment, null, lifetimes, v.minimumCustomers());
        double months = fit.model().discountedLifetime(v.monthlyDiscountRate());
        BigDecimal price = averagePrice(lifetimes);
        List<CohortValue> cohorts = new ArrayList<>();
        Map<String, List<Lifetime>> byCohort = new TreeMap<>();
        lifetimes.forEach(l -> byCohort.computeIfAbsent(quarter(l.subscribedAt()), k -> new ArrayList<>()).add(l));
        byCohort.forEach((cohort, members) -> {
            int churned = (int) members.stream().filter(Lifetime::churned).count();
            if (members.size() < v.minimumCustomers()) {
                cohorts.add(new CohortValue(cohort, members.size(), churned, null, null, null, "fewer than "
                        + v.minimumCustomers() + " customers: not fitted"));
            } else {
                Fit f = fit(segment, cohort, members, v.minimumCustomers());
                cohorts.add(new CohortValue(cohort, members.size(), churned, round(f.alpha(), 4), round(f.beta(), 4),
                        money(v.margin() * price.doubleValue() * f.model().discountedLifetime(v.monthlyDiscountRate())),
                        null));
            }
        });
        int active = (int) lifetimes.stream().filter(l -> !l.churned()).count();
        return new SegmentValue(segment, currency(segment), lifetimes.size(), active, fit.churned(), round(fit.alpha(), 4),
                round(fit.beta(), 4), fit.meanMonthlyChurn(), fit.survival12(), v.margin(), v.annualDiscountRate(),
                price, round(months, 3), money(v.margin() * price.doubleValue() * months), cohorts,
                CustomerTables.rows(applied.rules()));
    }

    /** A customer's expected residual value given the periods they have already renewed, from their segment's fit. */
    public CustomerValue customer(String customerId) {
        CustomerProfiles.Profile p = profiles.of(List.of(customerId), clock.instant()).get(customerId);
        if (p == null) {
            throw new NotFoundException("unknown_customer", "No subscription events of customer '" + customerId + "'");
        }
        if (p.segment() == null) {
            throw new ConflictException("data_quality_issue", "Customer '" + customerId + "' has no segment: their "
                    + "events name none, so no segment's retention applies", Map.of("customer_id", customerId,
                    "missing", "segment"));
        }
        Fit fit = segmentFit(p.segment());
        CustomerTables.Applied<ValueAssumptions> applied = tables.assumptions(p.segment());
        ValueAssumptions v = applied.fact();
        double remaining = p.active() ? fit.model().discountedResidualLifetime(p.tenureMonths(), v.monthlyDiscountRate())
                : 0;
        double price = p.monthlyPrice() == null ? 0 : p.monthlyPrice().doubleValue();
        BigDecimal toDate = jdbc.sql("""
                SELECT coalesce(sum(price), 0) FROM subscription_event
                WHERE customer_id = :c AND type IN ('SUBSCRIBED', 'RENEWED') AND occurred_at < :at""")
                .param("c", customerId).param("at", Timestamp.from(clock.instant())).query(BigDecimal.class).single();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("segment", fit.segment());
        model.put("customers", fit.customers());
        model.put("alpha", round(fit.alpha(), 4));
        model.put("beta", round(fit.beta(), 4));
        model.put("renewal_probability_next", round(fit.model().retention(p.tenureMonths() + 1), 4));
        return new CustomerValue(customerId, p.segment(), p.active(), p.tenureMonths(), p.monthlyPrice(), p.currency(),
                v.margin(), v.annualDiscountRate(), round(remaining, 3), money(v.margin() * price * remaining),
                toDate.setScale(2), model, CustomerTables.rows(applied.rules()));
    }

    /** The pooled fit of a segment (409 data_quality_issue with too few customers). */
    Fit segmentFit(String segment) {
        return fit(segment, null, lifetimes(segment), tables.assumptions(segment).fact().minimumCustomers());
    }

    /** The discounted expected remaining months of a customer of this segment who has completed {@code tenure}. */
    double remainingMonths(String segment, int tenure) {
        return segmentFit(segment).model().discountedResidualLifetime(tenure,
                tables.assumptions(segment).fact().monthlyDiscountRate());
    }

    private Fit fit(String segment, String cohort, List<Lifetime> lifetimes, int minimum) {
        if (lifetimes.size() < minimum) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("segment", segment);
            if (cohort != null) {
                details.put("cohort", cohort);
            }
            details.put("customers", lifetimes.size());
            details.put("minimum_customers", minimum);
            throw new ConflictException("data_quality_issue", "Retention of segment '" + segment + "' is fitted on at "
                    + "least " + minimum + " customers (customer-value.drl.xlsx); it has " + lifetimes.size(), details);
        }
        int longest = lifetimes.stream().mapToInt(Lifetime::months).max().orElse(0) + 1;
        double[] lost = new double[longest];
        double[] alive = new double[longest + 1];
        int churned = 0;
        for (Lifetime l : lifetimes) {
            if (l.churned()) {
                lost[l.months()]++;
                churned++;
            } else {
                alive[l.months()]++;
            }
        }
        if (churned == 0) {
            throw new ConflictException("data_quality_issue", "No customer of segment '" + segment + "' has cancelled "
                    + "yet: retention cannot be fitted", Map.of("segment", segment, "customers", lifetimes.size(),
                    "churned", 0));
        }
        ShiftedBetaGeometric model = ShiftedBetaGeometric.fit(lost, alive);
        List<Double> survival = new ArrayList<>();
        for (int t = 1; t <= 12; t++) {
            survival.add(round(model.survival(t), 4));
        }
        return new Fit(segment, cohort, lifetimes.size(), churned, model.alpha(), model.beta(),
                round(model.alpha() / (model.alpha() + model.beta()), 4), survival);
    }

    /**
     * Each customer of the segment (their latest event's) as a lifetime: churners lived {@code months + 1} periods
     * (they cancel before the renewal after {@code months} whole months), the subscribed have survived {@code months}.
     */
    List<Lifetime> lifetimes(String segment) {
        long generation = events.generation();
        Cached known = cache.get(segment);
        if (known != null && known.generation() == generation) {
            return known.lifetimes();
        }
        Instant now = clock.instant();
        List<Lifetime> lifetimes = new ArrayList<>();
        profiles.all(now).values().stream().filter(p -> segment.equals(p.segment())).forEach(p -> lifetimes.add(
                new Lifetime(p.customerId(), p.subscribedAt(), p.tenureMonths(), !p.active(), p.monthlyPrice())));
        if (lifetimes.isEmpty() && !segmentKnown(segment)) {
            throw new NotFoundException("unknown_segment", "No customer has segment '" + segment + "'");
        }
        cache.put(segment, new Cached(generation, List.copyOf(lifetimes)));
        return lifetimes;
    }

    private boolean segmentKnown(String segment) {
        return priceBook.current().map(book -> book.hasSegment(segment)).orElse(false);
    }

    private String currency(String segment) {
        return jdbc.sql("""
                SELECT currency FROM subscription_event WHERE segment = :s AND currency IS NOT NULL
                GROUP BY currency ORDER BY count(*) DESC LIMIT 1""").param("s", segment).query(String.class).optional()
                .orElse(null);
    }

    /** The average current price of the segment's subscribed customers (of all, if none is subscribed). */
    private static BigDecimal averagePrice(List<Lifetime> lifetimes) {
        List<Lifetime> priced = lifetimes.stream().filter(l -> !l.churned() && l.price() != null).toList();
        if (priced.isEmpty()) {
            priced = lifetimes.stream().filter(l -> l.price() != null).toList();
        }
        if (priced.isEmpty()) {
            return BigDecimal.ZERO.setScale(2);
        }
        BigDecimal sum = priced.stream().map(Lifetime::price).reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(priced.size()), 2, RoundingMode.HALF_UP);
    }

    private static String quarter(Instant at) {
        var date = at.atZone(ZoneOffset.UTC);
        return date.getYear() + "-Q" + ((date.getMonthValue() - 1) / 3 + 1);
    }

    static double round(double v, int places) {
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }

    static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }
}
