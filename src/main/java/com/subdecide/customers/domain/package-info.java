/**
 * The facts the customer tables reason over: a customer's churn reading (risk levels and retention actions,
 * {@code decision-tables/churn-risk.drl.xlsx}), the value assumptions of a segment (margin, discount rate, how much
 * history a model needs, {@code customer-value.drl.xlsx}), a customer's usage and the opportunities it opens
 * ({@code expansion.drl.xlsx}), and a model's measured quality against its threshold
 * ({@code model-monitoring.drl.xlsx}).
 */
package com.subdecide.customers.domain;
