/**
 * Customer analytics: what a subscription base will do. The price book ({@link PriceBook}); subscription
 * histories and the monthly recurring revenue they imply ({@link SubscriptionEvents}); churn risk from a trained
 * model with levels and actions from a table ({@link ChurnModels}); lifetime values from the shifted-beta-geometric
 * model per segment, cohort and customer ({@link CustomerValues}, {@link ShiftedBetaGeometric}); expansion offers
 * ({@link ExpansionOpportunities}); revenue forecasts, their backtests and scenarios ({@link RevenueForecasts} over
 * a subscriber flow driven by {@link HoltWinters}); and model monitoring with alerts ({@link ModelMonitor}). The
 * facts its tables reason over are in {@code customers.domain}; its endpoints in {@code customers.web}.
 */
package com.subdecide.customers;
