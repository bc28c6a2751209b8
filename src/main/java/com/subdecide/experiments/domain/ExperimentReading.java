package com.subdecide.experiments.domain;

/** The experiment as its results read today. */
public class ExperimentReading {

    private final String experimentKey;
    private final int daysRunning;
    private final int minRuntimeDays;
    private final int maxRuntimeDays;
    private final double srmPValue;
    private final boolean sequential;
    private final boolean sampleSizeReached;
    private final double mde;
    private final long users;

    public ExperimentReading(String experimentKey, int daysRunning, int minRuntimeDays, int maxRuntimeDays,
            double srmPValue, boolean sequential, boolean sampleSizeReached, double mde, long users) {
        this.experimentKey = experimentKey;
        this.daysRunning = daysRunning;
        this.minRuntimeDays = minRuntimeDays;
        this.maxRuntimeDays = maxRuntimeDays;
        this.srmPValue = srmPValue;
        this.sequential = sequential;
        this.sampleSizeReached = sampleSizeReached;
        this.mde = mde;
        this.users = users;
    }

    public String getExperimentKey() {
        return experimentKey;
    }

    public int getDaysRunning() {
        return daysRunning;
    }

    public int getMinRuntimeDays() {
        return minRuntimeDays;
    }

    public int getMaxRuntimeDays() {
        return maxRuntimeDays;
    }

    /** The sample-ratio mismatch test's p-value (chi-square of exposures against the weights). */
    public double getSrmPValue() {
        return srmPValue;
    }

    /** Whether the intervals are always valid (sequential), so that they may be acted on before the planned size. */
    public boolean isSequential() {
        return sequential;
    }

    /** Whether every arm has the planned sample size for the minimum detectable effect. */
    public boolean isSampleSizeReached() {
        return sampleSizeReached;
    }

    /** The minimum detectable effect, relative. */
    public double getMde() {
        return mde;
    }

    public long getUsers() {
        return users;
    }
}
