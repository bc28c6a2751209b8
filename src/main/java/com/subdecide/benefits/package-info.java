/**
 * Benefit allocation: behavioural events (ingested idempotently), and, building on them, the benefit propensity
 * model, the tiers and pools in decision tables, per-user and population allocation.
 */
package com.subdecide.benefits;
