package com.subdecide.experiments.domain;

/**
 * One treatment against the control on one metric: the relative lift and its interval (the sequential one when
 * the analysis is sequential, corrected across comparisons), oriented so that "better" means better for the
 * metric's direction. {@code harmLow} is the least harm the interval allows (a relative change in the harmful
 * direction): above a guardrail's margin, the harm is beyond it whatever the noise.
 */
public class MetricReading {

    private final String variant;
    private final String metric;
    private final String role;
    private final double lift;
    private final double low;
    private final double high;
    private final boolean significant;
    private final boolean better;
    private final double harmLow;
    private final double margin;
    private final boolean valid;

    public MetricReading(String variant, String metric, String role, double lift, double low, double high,
            boolean significant, boolean better, double harmLow, double margin, boolean valid) {
        this.variant = variant;
        this.metric = metric;
        this.role = role;
        this.lift = lift;
        this.low = low;
        this.high = high;
        this.significant = significant;
        this.better = better;
        this.harmLow = harmLow;
        this.margin = margin;
        this.valid = valid;
    }

    public String getVariant() {
        return variant;
    }

    public String getMetric() {
        return metric;
    }

    /** PRIMARY, SECONDARY or GUARDRAIL. */
    public String getRole() {
        return role;
    }

    public double getLift() {
        return lift;
    }

    public double getLow() {
        return low;
    }

    public double getHigh() {
        return high;
    }

    /** Whether the (corrected) interval excludes no change. */
    public boolean isSignificant() {
        return significant;
    }

    /** Whether the lift is in the metric's good direction. */
    public boolean isBetter() {
        return better;
    }

    public double getHarmLow() {
        return harmLow;
    }

    /** A guardrail's margin (0 for other metrics). */
    public double getMargin() {
        return margin;
    }

    /** Whether the data supports numbers at all. */
    public boolean isValid() {
        return valid;
    }
}
