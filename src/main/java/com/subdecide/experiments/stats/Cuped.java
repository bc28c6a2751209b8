package com.subdecide.experiments.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * CUPED (Deng, Xu, Kohavi, Walker 2013, "Improving the sensitivity of online controlled experiments by utilizing
 * pre-experiment data"): each user's metric Y less θ times their pre-exposure covariate X's distance from its mean,
 * θ = cov(X, Y) / var(X) pooled over all arms. The adjusted means keep their expectation; their variance shrinks by
 * the share ρ² of Y's variance that X explains.
 */
public final class Cuped {

    private Cuped() {
    }

    /** One arm's sums over its users: of Y, Y², X, X² and X·Y. */
    public record Sums(long n, double y, double yy, double x, double xx, double xy) {
    }

    /** The adjusted arms, θ, and the variance reduction achieved (pooled, 0 when X explains nothing). */
    public record Adjusted(List<Moments> arms, double theta, double varianceReduction) {
    }

    public static Adjusted adjust(List<Sums> arms) {
        long n = 0;
        double x = 0;
        double xx = 0;
        double xy = 0;
        double y = 0;
        double yy = 0;
        for (Sums s : arms) {
            n += s.n();
            x += s.x();
            xx += s.xx();
            xy += s.xy();
            y += s.y();
            yy += s.yy();
        }
        double varX = n < 2 ? 0 : (xx - x * x / n) / (n - 1);
        double covXY = n < 2 ? 0 : (xy - x * y / n) / (n - 1);
        double varY = n < 2 ? 0 : (yy - y * y / n) / (n - 1);
        double theta = varX > 0 ? covXY / varX : 0;
        double meanX = n == 0 ? 0 : x / n;
        List<Moments> adjusted = new ArrayList<>();
        for (Sums s : arms) {
            if (s.n() == 0) {
                adjusted.add(new Moments(0, 0, 0));
                continue;
            }
            double my = s.y() / s.n();
            double mx = s.x() / s.n();
            double vy = s.n() < 2 ? 0 : (s.yy() - s.y() * s.y() / s.n()) / (s.n() - 1);
            double vx = s.n() < 2 ? 0 : (s.xx() - s.x() * s.x() / s.n()) / (s.n() - 1);
            double cxy = s.n() < 2 ? 0 : (s.xy() - s.x() * s.y() / s.n()) / (s.n() - 1);
            double variance = Math.max(0, vy + theta * theta * vx - 2 * theta * cxy);
            adjusted.add(new Moments(s.n(), my - theta * (mx - meanX), variance));
        }
        double pooledAfter = varY > 0 ? Math.max(0, varY + theta * theta * varX - 2 * theta * covXY) : 0;
        return new Adjusted(adjusted, theta, varY > 0 ? 1 - pooledAfter / varY : 0);
    }
}
