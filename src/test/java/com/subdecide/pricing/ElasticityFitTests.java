package com.subdecide.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log-log conversion fit against draws from a known demand curve, and the pooling toward the plan. */
class ElasticityFitTests {

    static final double[] PRICES = {7.99, 8.99, 9.99, 10.99, 11.99};

    /** {@code shown} exposures at each price; conversion {@code base · (price / 9.99)^ε}. */
    static List<ElasticityFit.PricePoint> draw(double elasticity, double base, int shown, SplittableRandom random) {
        List<ElasticityFit.PricePoint> points = new ArrayList<>();
        for (double price : PRICES) {
            double q = base * Math.pow(price / 9.99, elasticity);
            long converted = 0;
            for (int i = 0; i < shown; i++) {
                converted += random.nextDouble() < q ? 1 : 0;
            }
            points.add(new ElasticityFit.PricePoint(price, shown, converted));
        }
        return points;
    }

    @Test
    void recoversAKnownElasticityWithHonestIntervals() {
        SplittableRandom random = new SplittableRandom(7);
        for (double truth : new double[] {-0.8, -1.2, -2.0}) {
            int draws = 400;
            double sum = 0;
            int covered = 0;
            for (int d = 0; d < draws; d++) {
                ElasticityFit.Fit fit = ElasticityFit.fit(draw(truth, 0.08, 400, random));
                sum += fit.elasticity();
                covered += fit.low95() <= truth && truth <= fit.high95() ? 1 : 0;
            }
            double bias = sum / draws - truth;
            double coverage = (double) covered / draws;
            System.out.printf("elasticity %.1f: bias %+.4f, 95%% coverage %.3f over %d draws%n", truth, bias, coverage,
                    draws);
            assertThat(bias).as("bias at %s", truth).isCloseTo(0, within(0.05));
            assertThat(coverage).as("coverage at %s", truth).isBetween(0.92, 0.98);
        }
    }

    @Test
    void aFlatCurveIsZeroAndTheFitNeedsTwoPricesAndAConversion() {
        List<ElasticityFit.PricePoint> flat = List.of(new ElasticityFit.PricePoint(5, 1000, 100),
                new ElasticityFit.PricePoint(10, 1000, 100));
        ElasticityFit.Fit fit = ElasticityFit.fit(flat);
        assertThat(fit.elasticity()).isCloseTo(0, within(1e-9));
        assertThat(fit.conversionAtReference()).isCloseTo(0.1, within(1e-9));
        assertThat(fit.referencePrice()).isCloseTo(Math.sqrt(50), within(1e-9));
        // Exact on two points: 10% at 5, 5% at 10 is ε = ln(0.5) / ln(2) = -1.
        ElasticityFit.Fit halving = ElasticityFit.fit(List.of(new ElasticityFit.PricePoint(5, 1000, 100),
                new ElasticityFit.PricePoint(10, 1000, 50)));
        assertThat(halving.elasticity()).isCloseTo(-1, within(1e-6));
        assertThat(ElasticityFit.fit(List.of(new ElasticityFit.PricePoint(5, 1000, 100)))).isNull();
        assertThat(ElasticityFit.fit(List.of(new ElasticityFit.PricePoint(5, 1000, 0),
                new ElasticityFit.PricePoint(10, 1000, 0)))).isNull();
    }

    @Test
    void segmentsWithTheSameElasticityPoolToItAndDifferentOnesShowTheirSpread() {
        SplittableRandom random = new SplittableRandom(3);
        List<Elasticities.SegmentFit> same = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            same.add(segment("s" + s, ElasticityFit.fit(draw(-1.2, 0.08, 2000, random))));
        }
        Elasticities.PlanFit pooled = Elasticities.pool(same);
        assertThat(pooled.elasticity()).isCloseTo(-1.2, within(0.1));
        assertThat(pooled.tau()).isLessThan(0.15);
        List<Elasticities.SegmentFit> apart = new ArrayList<>();
        apart.add(segment("a", ElasticityFit.fit(draw(-0.5, 0.08, 4000, random))));
        apart.add(segment("b", ElasticityFit.fit(draw(-2.5, 0.08, 4000, random))));
        Elasticities.PlanFit spread = Elasticities.pool(apart);
        assertThat(spread.elasticity()).isBetween(-2.0, -1.0);
        assertThat(spread.tau()).isGreaterThan(0.8);
        assertThat(Elasticities.pool(List.of())).isNull();
    }

    static Elasticities.SegmentFit segment(String name, ElasticityFit.Fit fit) {
        return new Elasticities.SegmentFit(name, fit, fit.observations(), fit.conversions(), fit.distinctPrices(),
                fit.minPrice(), fit.maxPrice(), null);
    }
}
