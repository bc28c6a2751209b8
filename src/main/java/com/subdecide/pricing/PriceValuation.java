package com.subdecide.pricing;

/**
 * What one price of one plan in one segment is worth over the horizon, month by month. Existing subscribers pay
 * what they pay until the new price reaches them (a decrease at once; an increase after its notice and their
 * grandfathered months), then the new price, their churn answering the change as the customer-value table says
 * (churn × (1 + churn elasticity × relative change)). New subscribers arrive at the recent monthly rate times
 * (price / current)^elasticity and churn at the cell's rate.
 */
record PriceValuation(double existing, double existingMonthlyPrice, double arrivalsPerMonth, double currentPrice,
        double monthlyChurn, double churnPriceElasticity, double margin, double monthlyDiscountRate, int horizonMonths,
        int increaseReachesMonth, double monthlyFactor) {

    /** Revenue, profit and lifetime value over the horizon, and the customers it reaches. */
    record Worth(double revenue, double profit, double ltv, double existingChurnAfter, long affected) {

        double of(String objective) {
            return switch (objective) {
                case "PROFIT" -> profit;
                case "LTV" -> ltv;
                default -> revenue;
            };
        }
    }

    Worth at(double price, double elasticity) {
        boolean changed = Math.abs(price - currentPrice) >= 0.005;
        boolean increase = price > currentPrice + 0.005;
        int moveMonth = !changed ? Integer.MAX_VALUE : increase ? increaseReachesMonth : 1;
        double relative = existingMonthlyPrice > 0 ? price * monthlyFactor / existingMonthlyPrice - 1 : 0;
        double churnAfter = Math.min(0.95, monthlyChurn * Math.max(0, 1 + churnPriceElasticity * relative));
        double arrivals = arrivalsPerMonth * Math.pow(price / currentPrice, elasticity);
        double aliveOld = existing;
        double aliveNew = 0;
        double revenue = 0;
        double ltv = 0;
        double oldPrice = existingMonthlyPrice;
        double oldChurn = monthlyChurn;
        for (int m = 1; m <= horizonMonths; m++) {
            if (m == moveMonth) {
                oldPrice = price * monthlyFactor;
                oldChurn = churnAfter;
            }
            aliveNew = aliveNew * (1 - monthlyChurn) + arrivals;
            double month = aliveOld * oldPrice + aliveNew * price * monthlyFactor;
            revenue += month;
            ltv += margin * month / Math.pow(1 + monthlyDiscountRate, m);
            aliveOld *= 1 - oldChurn;
        }
        // What the survivors are still worth after the horizon, at their last price and churn.
        double discount = Math.pow(1 + monthlyDiscountRate, horizonMonths);
        ltv += margin * (aliveOld * oldPrice * tail(oldChurn) + aliveNew * price * monthlyFactor * tail(monthlyChurn))
                / discount;
        long affected = moveMonth <= horizonMonths ? Math.round(existing) : 0;
        return new Worth(revenue, revenue * margin, ltv, changed && moveMonth <= horizonMonths ? churnAfter : monthlyChurn,
                affected);
    }

    /** Σ_{k≥1} ((1 − churn) / (1 + d))^k. */
    private double tail(double churn) {
        double r = (1 - churn) / (1 + monthlyDiscountRate);
        return r >= 1 ? 0 : r / (1 - r);
    }
}
