/**
 * Dynamic pricing: the demand data elasticities are learnt from (price exposures, {@link PriceExposures}),
 * competitors' prices ({@link MarketPrices}), constant-elasticity demand per plan and segment with thin segments
 * pooled toward their plan ({@link Elasticities}); price recommendations for a whole portfolio within the limits
 * analysts edit ({@link PriceRecommendations}, solved in {@code pricing.solver}); price changes from draft through
 * PRICING experiments to the live prices ({@link PriceChanges}); and the billing port: the service's own prices,
 * or Stripe through an outbox ({@link BillingOutbox}, {@link StripeBilling}). The price book itself is the
 * customers area's ({@code customers.PriceBook}).
 */
package com.subdecide.pricing;
