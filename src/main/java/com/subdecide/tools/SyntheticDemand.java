package com.subdecide.tools;

import com.subdecide.pricing.PriceExposures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded price exposures with known elasticities, for tests, benchmarks and the README: each plan of
 * {@link SyntheticSubscribers} is shown at 80%, 90%, 100%, 110% and 120% of its list price to visitors of each
 * segment (in proportion to the segments' shares), over the 90 days before {@code now}; a visitor converts with
 * probability {@code base · (price / list)^ε}, ε the segment's true price elasticity (individual −1.2, family
 * −0.8, student −2.0) and base 10% (basic), 7% (standard), 5% (premium).
 */
public final class SyntheticDemand {

    public static final double[] LADDER = {0.8, 0.9, 1.0, 1.1, 1.2};
    public static final double[] BASE_CONVERSION = {0.10, 0.07, 0.05};

    private SyntheticDemand() {
    }

    /** {@code perPlan} exposures of each plan, split among the segments by their shares. */
    public static List<PriceExposures.Exposure> generate(int perPlan, long seed, Instant now) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PriceExposures.Exposure> out = new ArrayList<>();
        for (int p = 0; p < SyntheticSubscribers.PLANS.size(); p++) {
            SyntheticSubscribers.PlanTruth plan = SyntheticSubscribers.PLANS.get(p);
            for (SyntheticSubscribers.SegmentTruth segment : SyntheticSubscribers.SEGMENTS) {
                int n = (int) Math.round(perPlan * segment.share());
                for (int i = 0; i < n; i++) {
                    double step = LADDER[i % LADDER.length];
                    BigDecimal price = plan.price().multiply(BigDecimal.valueOf(step)).setScale(2, RoundingMode.HALF_UP);
                    double q = Math.min(1, BASE_CONVERSION[p] * Math.pow(price.doubleValue() / plan.price().doubleValue(),
                            segment.priceElasticity()));
                    String id = "x" + seed + "-" + plan.planId() + "-" + segment.segment() + "-" + i;
                    Instant shown = now.minus(Duration.ofSeconds(60 + random.nextLong(90L * 86_400)));
                    out.add(new PriceExposures.Exposure(id, "v" + seed + "-" + segment.segment() + "-" + i, plan.planId(),
                            segment.segment(), price, SyntheticSubscribers.CURRENCY, shown, random.nextDouble() < q, null,
                            null));
                }
            }
        }
        return out;
    }
}
