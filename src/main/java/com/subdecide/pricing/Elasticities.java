package com.subdecide.pricing;

import com.subdecide.customers.PriceBook;
import com.subdecide.pricing.domain.DemandData;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleRun;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Price elasticity of conversion per plan and segment from the stored exposures ({@link ElasticityFit} per
 * segment). A segment with enough data of its own ({@code decision-tables/elasticity.drl.xlsx}) gets its own fit;
 * one whose data is thin is pooled toward its plan: it gets the plan's elasticity, the random-effects mean of the
 * segments that have enough (DerSimonian–Laird), with the spread between segments added to its interval. (Shrinking
 * every segment toward the plan as well, tried first, pulled segments whose elasticities truly differ away from
 * them: with three segments the between-segment variance is too uncertain to shrink by.) A plan none of whose
 * segments has enough is a {@code data_quality_issue} listing what each lacks.
 */
@Service
public class Elasticities {

    static final double Z95 = 1.959964;

    public record Estimate(String planId, String segment, double elasticity,
            @com.fasterxml.jackson.annotation.JsonProperty("interval_95") List<Double> interval95, String method,
            long observations, long conversions, int distinctPrices, List<BigDecimal> priceRange, boolean pooled,
            Map<String, Object> own, Map<String, Object> plan, OffsetDateTime fittedAt) {
    }

    /** A segment's own fit (null when its data is too thin) and the data it had. */
    record SegmentFit(String segment, ElasticityFit.Fit fit, long observations, long conversions, int distinctPrices,
            double minPrice, double maxPrice, DemandData needs) {
    }

    /** The plan's random-effects estimate over the segments with fits of their own. */
    record PlanFit(double elasticity, double standardError, double tau, int segments) {
    }

    private final PriceExposures exposures;
    private final PriceBook priceBook;
    private final ActiveRuleSet rules;
    private final Clock clock;

    Elasticities(PriceExposures exposures, PriceBook priceBook, ActiveRuleSet rules, Clock clock) {
        this.exposures = exposures;
        this.priceBook = priceBook;
        this.rules = rules;
        this.clock = clock;
    }

    /** The elasticity of one plan, for one segment or (segment {@code null}) across them. */
    public Estimate of(String planId, String segment) {
        PriceBook.Book book = priceBook.require();
        PriceBook.Plan plan = book.plan(planId).orElseThrow(() -> new NotFoundException("unknown_plan",
                "Plan '" + planId + "' is not in the price book"));
        if (segment != null && !book.hasSegment(segment)) {
            throw new NotFoundException("unknown_segment", "Segment '" + segment + "' is not in the price book");
        }
        Map<String, List<ElasticityFit.PricePoint>> points = exposures.points(planId, plan.currency());
        List<SegmentFit> fits = new ArrayList<>();
        points.forEach((s, list) -> fits.add(segmentFit(planId, s, list)));
        PlanFit planFit = pool(fits.stream().filter(f -> f.fit() != null).toList());
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        SegmentFit own = segment == null ? null : fits.stream().filter(f -> f.segment().equals(segment)).findFirst()
                .orElse(new SegmentFit(segment, null, 0, 0, 0, 0, 0, needs(planId, segment)));
        if (planFit == null) {
            throw missing(planId, segment, fits, segment == null ? needs(planId, null) : own.needs());
        }
        Map<String, Object> planPart = new LinkedHashMap<>();
        planPart.put("elasticity", round(planFit.elasticity()));
        planPart.put("interval_95", interval(planFit.elasticity(), planFit.standardError()));
        planPart.put("segments_fitted", planFit.segments());
        planPart.put("between_segment_sd", round(planFit.tau()));
        if (segment == null) {
            long n = fits.stream().mapToLong(SegmentFit::observations).sum();
            long c = fits.stream().mapToLong(SegmentFit::conversions).sum();
            return new Estimate(planId, null, round(planFit.elasticity()),
                    interval(planFit.elasticity(), planFit.standardError()), "constant-elasticity (log-log) conversion "
                    + "fit per segment by maximum likelihood; the plan's estimate is their random-effects mean "
                    + "(DerSimonian-Laird)", n, c, distinct(points), range(fits), false, null, planPart, now);
        }
        if (own.fit() != null) {
            ElasticityFit.Fit f = own.fit();
            Map<String, Object> ownPart = new LinkedHashMap<>();
            ownPart.put("elasticity", round(f.elasticity()));
            ownPart.put("interval_95", interval(f.elasticity(), f.standardError()));
            ownPart.put("conversion_at_reference", round(f.conversionAtReference()));
            ownPart.put("reference_price", money(f.referencePrice()));
            return new Estimate(planId, segment, round(f.elasticity()), interval(f.elasticity(), f.standardError()),
                    "constant-elasticity (log-log) conversion fit by maximum likelihood on the segment's own exposures",
                    own.observations(), own.conversions(), own.distinctPrices(),
                    List.of(money(own.minPrice()), money(own.maxPrice())), false, ownPart, planPart, now);
        }
        // Too thin to stand alone: the plan's estimate, with the spread between segments in its interval.
        double se = Math.sqrt(planFit.standardError() * planFit.standardError() + planFit.tau() * planFit.tau());
        return new Estimate(planId, segment, round(planFit.elasticity()), interval(planFit.elasticity(), se),
                "too few observations of its own (" + own.observations() + " of " + own.needs().minimumObservations()
                        + ", " + own.distinctPrices() + " of " + own.needs().minimumDistinctPrices() + " prices): the "
                        + "plan's estimate, its interval widened by the spread between segments", own.observations(),
                own.conversions(), own.distinctPrices(), own.observations() == 0 ? List.of()
                        : List.of(money(own.minPrice()), money(own.maxPrice())), true, null, planPart, now);
    }

    private SegmentFit segmentFit(String planId, String segment, List<ElasticityFit.PricePoint> points) {
        DemandData needs = needs(planId, segment.isEmpty() ? null : segment);
        long n = points.stream().mapToLong(ElasticityFit.PricePoint::shown).sum();
        long c = points.stream().mapToLong(ElasticityFit.PricePoint::converted).sum();
        double min = points.stream().mapToDouble(ElasticityFit.PricePoint::price).min().orElse(0);
        double max = points.stream().mapToDouble(ElasticityFit.PricePoint::price).max().orElse(0);
        ElasticityFit.Fit fit = n >= needs.minimumObservations() && points.size() >= needs.minimumDistinctPrices()
                ? ElasticityFit.fit(points) : null;
        return new SegmentFit(segment, fit, n, c, points.size(), min, max, needs);
    }

    /** DerSimonian–Laird random-effects pooling of the segments' estimates; null without any. */
    static PlanFit pool(List<SegmentFit> fitted) {
        if (fitted.isEmpty()) {
            return null;
        }
        double sw = 0;
        double swe = 0;
        double sw2 = 0;
        for (SegmentFit s : fitted) {
            double w = 1 / (s.fit().standardError() * s.fit().standardError());
            sw += w;
            swe += w * s.fit().elasticity();
            sw2 += w * w;
        }
        double fixed = swe / sw;
        double q = 0;
        for (SegmentFit s : fitted) {
            double w = 1 / (s.fit().standardError() * s.fit().standardError());
            q += w * Math.pow(s.fit().elasticity() - fixed, 2);
        }
        int k = fitted.size();
        double tau2 = k < 2 ? 0 : Math.max(0, (q - (k - 1)) / (sw - sw2 / sw));
        double rw = 0;
        double rwe = 0;
        for (SegmentFit s : fitted) {
            double w = 1 / (s.fit().standardError() * s.fit().standardError() + tau2);
            rw += w;
            rwe += w * s.fit().elasticity();
        }
        return new PlanFit(rwe / rw, Math.sqrt(1 / rw), Math.sqrt(tau2), k);
    }

    private DemandData needs(String planId, String segment) {
        DemandData needs = new DemandData(planId, segment);
        try (RuleRun run = rules.current().newRun()) {
            run.insert(needs);
            run.fireAll();
        }
        return needs;
    }

    private static ConflictException missing(String planId, String segment, List<SegmentFit> fits, DemandData needs) {
        List<Map<String, Object>> lacking = new ArrayList<>();
        for (SegmentFit f : fits) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("segment", f.segment().isEmpty() ? null : f.segment());
            m.put("observations", f.observations());
            m.put("distinct_prices", f.distinctPrices());
            m.put("conversions", f.conversions());
            lacking.add(m);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plan_id", planId);
        if (segment != null) {
            details.put("segment", segment);
        }
        details.put("minimum_observations", needs.minimumObservations());
        details.put("minimum_distinct_prices", needs.minimumDistinctPrices());
        details.put("segments", lacking);
        return new ConflictException("data_quality_issue", "No segment of plan '" + planId + "' has the "
                + needs.minimumObservations() + " exposures at " + needs.minimumDistinctPrices() + " or more distinct "
                + "prices (with conversions) an elasticity needs (elasticity.drl.xlsx): show more prices, or wait for "
                + "more exposures", details);
    }

    private static int distinct(Map<String, List<ElasticityFit.PricePoint>> points) {
        return (int) points.values().stream().flatMap(List::stream).mapToDouble(ElasticityFit.PricePoint::price)
                .distinct().count();
    }

    private static List<BigDecimal> range(List<SegmentFit> fits) {
        double min = fits.stream().filter(f -> f.observations() > 0).mapToDouble(SegmentFit::minPrice).min().orElse(0);
        double max = fits.stream().mapToDouble(SegmentFit::maxPrice).max().orElse(0);
        return List.of(money(min), money(max));
    }

    private static List<Double> interval(double estimate, double se) {
        return List.of(round(estimate - Z95 * se), round(estimate + Z95 * se));
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static BigDecimal money(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP);
    }
}
