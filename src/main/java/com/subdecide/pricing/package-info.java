/**
 * Dynamic pricing. So far: the demand data elasticities are learnt from (price exposures, {@link PriceExposures}),
 * competitors' prices ({@link MarketPrices}), and constant-elasticity demand per plan and segment with thin
 * segments pooled toward their plan ({@link Elasticities}, {@link ElasticityFit}). The price book itself is the
 * customers area's ({@code customers.PriceBook}).
 */
package com.subdecide.pricing;
