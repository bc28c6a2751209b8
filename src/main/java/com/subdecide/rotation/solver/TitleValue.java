package com.subdecide.rotation.solver;

/**
 * A watchlist title with the value the rules gave it. Covered value is counted in ten-thousandths so that
 * scores are exact integers: {@code round(value × quality × 10 000)}.
 *
 * @param titleId  the title
 * @param value    rec_score × emphasis × urgency × progress
 * @param urgent   the urgency override applies: it outranks everything else that fits
 */
public record TitleValue(String titleId, double value, boolean urgent) {

    public static final long SCALE = 10_000L;

    public long contribution(double quality) {
        return Math.round(value * quality * SCALE);
    }
}
