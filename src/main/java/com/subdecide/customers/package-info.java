/**
 * Customer analytics: what a subscription base will do. So far its models: the shifted-beta-geometric retention
 * model and lifetime values from it ({@link ShiftedBetaGeometric}), and monthly revenue forecasts with intervals
 * and their backtests ({@link HoltWinters}). Subscription histories, churn risk and the endpoints follow.
 */
package com.subdecide.customers;
