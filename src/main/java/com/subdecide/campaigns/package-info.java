/**
 * Campaign automation: campaigns and their lifecycle with compliance checks ({@link Campaigns}); recipients'
 * contact details, consent history and one-click opt-outs ({@link Contacts}); triggers evaluated as events arrive
 * and by a daily sweep against {@code decision-tables/campaign-triggers.drl.xlsx}, every candidate message decided
 * by {@code rules/campaign-compliance.drl} and logged with its outcome, offers weighed by
 * {@code rules/campaign-offers.drl}; delivery through an outbox (email over SMTP, in-app inbox, push and SMS
 * webhooks) with retries and dead letters; the log, the inbox and price-change notices for other areas
 * ({@link CampaignMessages}); and performance with lift against the holdout ({@link CampaignPerformance}).
 */
package com.subdecide.campaigns;
