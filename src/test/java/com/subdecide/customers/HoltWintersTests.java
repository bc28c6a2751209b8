package com.subdecide.customers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HoltWintersTests {

    /** Box and Jenkins' airline passengers, thousands per month, January 1949 to December 1960 (total 40,363). */
    static final double[] AIRLINE = {
        112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118,
        115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140,
        145, 150, 178, 163, 172, 178, 199, 199, 184, 162, 146, 166,
        171, 180, 193, 181, 183, 218, 230, 242, 209, 191, 172, 194,
        196, 196, 236, 235, 229, 243, 264, 272, 237, 211, 180, 201,
        204, 188, 235, 227, 234, 264, 302, 293, 259, 229, 203, 229,
        242, 233, 267, 269, 270, 315, 364, 347, 312, 274, 237, 278,
        284, 277, 317, 313, 318, 374, 413, 405, 355, 306, 271, 306,
        315, 301, 356, 348, 355, 422, 465, 467, 404, 347, 305, 336,
        340, 318, 362, 348, 363, 435, 491, 505, 404, 359, 310, 337,
        360, 342, 406, 396, 420, 472, 548, 559, 463, 407, 362, 405,
        417, 391, 419, 461, 472, 535, 622, 606, 508, 461, 390, 432};

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
