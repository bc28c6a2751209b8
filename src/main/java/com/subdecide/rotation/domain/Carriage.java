package com.subdecide.rotation.domain;

import java.time.LocalDate;

/** A title carried by a platform, with its lifecycle dates there; rules decide whether it is watchable this cycle. */
public class Carriage {

    private final String titleId;
    private final String platformId;
    private final LocalDate asOf;
    private final LocalDate leavingDate;
    private final LocalDate premiereDate;
    private boolean watchable = true;

    public Carriage(String titleId, String platformId, LocalDate asOf, LocalDate leavingDate, LocalDate premiereDate) {
        this.titleId = titleId;
        this.platformId = platformId;
        this.asOf = asOf;
        this.leavingDate = leavingDate;
        this.premiereDate = premiereDate;
    }

    /** True when the title premieres on this platform after {@code asOf} plus {@code months}. */
    public boolean premieresAfterMonths(int months) {
        return premiereDate != null && premiereDate.isAfter(asOf.plusMonths(months));
    }

    /** True when the title has already left this platform before {@code asOf}. */
    public boolean hasLeft() {
        return leavingDate != null && leavingDate.isBefore(asOf);
    }

    public String getTitleId() {
        return titleId;
    }

    public String getPlatformId() {
        return platformId;
    }

    public LocalDate getAsOf() {
        return asOf;
    }

    public LocalDate getLeavingDate() {
        return leavingDate;
    }

    public LocalDate getPremiereDate() {
        return premiereDate;
    }

    public boolean isWatchable() {
        return watchable;
    }

    public void setWatchable(boolean watchable) {
        this.watchable = watchable;
    }
}
