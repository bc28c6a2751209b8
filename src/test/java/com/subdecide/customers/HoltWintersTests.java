package com.subdecide.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HoltWintersTests {

    static final double[] AIRLINE = com.subdecide.tools.PublicSeries.AIRLINE;

    @Test
    void forecastsTheAirlineSeriesLastYearWithinThreePercent() {
        assertThat(Arrays.stream(AIRLINE).sum()).isEqualTo(40_363);
        double[] train = Arrays.copyOf(AIRLINE, 132);
        HoltWinters.Forecast f = new HoltWinters(12).forecast(train, 12, 1);

        double ape = 0;
        int in95 = 0;
        for (int h = 0; h < 12; h++) {
            double actual = AIRLINE[132 + h];
            ape += Math.abs(actual - f.point()[h]) / actual;
            in95 += actual >= f.low95()[h] && actual <= f.high95()[h] ? 1 : 0;
            assertThat(f.low95()[h]).isLessThan(f.low80()[h]);
            assertThat(f.low80()[h]).isLessThan(f.point()[h] * 1.02);
            assertThat(f.high80()[h]).isLessThan(f.high95()[h]);
        }
        assertThat(ape / 12).isLessThan(0.03);
        assertThat(in95).isGreaterThanOrEqualTo(10);
        // Intervals widen with the horizon.
        assertThat(f.high95()[11] - f.low95()[11]).isGreaterThan(f.high95()[0] - f.low95()[0]);
    }

    @Test
    void aRollingOriginBacktestReportsErrorAndCoverage() {
        HoltWinters.Backtest b = new HoltWinters(12).backtest(AIRLINE, 12, 12, 7);
        assertThat(b.origins()).isEqualTo(12);
        assertThat(b.mape()).isBetween(0.0, 0.06);
        assertThat(b.coverage95()).isGreaterThan(b.coverage80());
        assertThat(b.coverage80()).isGreaterThan(0.5);
    }
}
