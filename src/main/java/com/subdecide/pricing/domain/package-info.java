/**
 * The facts the pricing tables and rules reason over: how much demand data an elasticity needs
 * ({@code decision-tables/elasticity.drl.xlsx}), the limits on a plan's price in a segment
 * ({@code pricing-constraints.drl.xlsx}, {@code rules/pricing-guardrails.drl}) and the tier order between plans.
 */
package com.subdecide.pricing.domain;
