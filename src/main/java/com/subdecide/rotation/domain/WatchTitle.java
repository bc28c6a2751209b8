package com.subdecide.rotation.domain;

import java.time.LocalDate;

/**
 * A title on the user's watchlist being valued for this cycle. The rules set the multipliers; the value is
 * {@code rec_score × emphasis × urgency × progress}, or 0 once purged.
 */
public class WatchTitle {

    private final String titleId;
    private final String name;
    private final String kind;
    private final String priority;
    private final String status;
    private final double recScore;
    private final LocalDate asOf;
    /** Earliest date, on or after {@code asOf}, that a platform carrying the title drops it; null if none. */
    private final LocalDate leavingDate;

    // Neutral until a rule or table row sets them.
    private double emphasis = 1.0;
    private double urgency = 1.0;
    private double progress = 1.0;
    private boolean purged;
    private boolean urgentOverride;

    public WatchTitle(String titleId, String name, String kind, String priority, String status, double recScore,
            LocalDate asOf, LocalDate leavingDate) {
        this.titleId = titleId;
        this.name = name;
        this.kind = kind;
        this.priority = priority;
        this.status = status;
        this.recScore = recScore;
        this.asOf = asOf;
        this.leavingDate = leavingDate;
    }

    /** True when a platform that carries the title drops it on or before {@code asOf} plus {@code months}. */
    public boolean leavesWithinMonths(int months) {
        return leavingDate != null && !leavingDate.isAfter(asOf.plusMonths(months));
    }

    /** True when a platform that carries the title drops it on or before {@code asOf} plus {@code days}. */
    public boolean leavesWithinDays(int days) {
        return leavingDate != null && !leavingDate.isAfter(asOf.plusDays(days));
    }

    public double getValue() {
        return purged ? 0.0 : recScore * emphasis * urgency * progress;
    }

    public String getTitleId() {
        return titleId;
    }

    public String getName() {
        return name;
    }

    public String getKind() {
        return kind;
    }

    public String getPriority() {
        return priority;
    }

    public String getStatus() {
        return status;
    }

    public double getRecScore() {
        return recScore;
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public LocalDate getLeavingDate() {
        return leavingDate;
    }

    public double getEmphasis() {
        return emphasis;
    }

    public void setEmphasis(double emphasis) {
        this.emphasis = emphasis;
    }

    public double getUrgency() {
        return urgency;
    }

    public void setUrgency(double urgency) {
        this.urgency = urgency;
    }

    public double getProgress() {
        return progress;
    }

    public void setProgress(double progress) {
        this.progress = progress;
    }

    public boolean isPurged() {
        return purged;
    }

    public void setPurged(boolean purged) {
        this.purged = purged;
    }

    public boolean isUrgentOverride() {
        return urgentOverride;
    }

    public void setUrgentOverride(boolean urgentOverride) {
        this.urgentOverride = urgentOverride;
    }
}
