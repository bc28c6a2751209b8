/**
 * The facts the campaign tables and rules reason over: an event or a sweep reading that may trigger campaigns
 * ({@link TriggerEvent}, routed by {@code decision-tables/campaign-triggers.drl.xlsx}), one candidate message
 * with what compliance needs to know about its recipient ({@link MessageCandidate}, decided by
 * {@code rules/campaign-compliance.drl}) and an offer weighed for a recipient ({@link OfferOption},
 * {@code rules/campaign-offers.drl}).
 */
package com.subdecide.campaigns.domain;
