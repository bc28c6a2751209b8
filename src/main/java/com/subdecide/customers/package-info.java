/**
 * Customer analytics: what a subscription base will do. So far: subscription histories and the monthly recurring
 * revenue they imply ({@link SubscriptionEvents}); the shifted-beta-geometric retention model and lifetime values
 * from it ({@link ShiftedBetaGeometric}); monthly revenue forecasts with intervals and their backtests
 * ({@link HoltWinters}). Churn risk, expansion, scenarios and their endpoints follow.
 */
package com.subdecide.customers;
