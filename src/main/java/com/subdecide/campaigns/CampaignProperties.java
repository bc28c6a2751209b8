package com.subdecide.campaigns;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Campaign evaluation and delivery settings ({@code decisions.campaigns.*}, docs/configuration.md "Campaigns").
 *
 * @param publicBaseUrl      where recipients reach the service (the one-click unsubscribe links)
 * @param emailFrom          the sender of campaign email
 * @param pushWebhook        where push messages are posted (none: push messages go to dead letters)
 * @param smsWebhook         where SMS messages are posted (none: SMS messages go to dead letters)
 * @param webhookTimeoutMillis how long a webhook may take before the attempt counts as failed
 * @param triggerPollMillis  how often the trigger queue is read
 * @param triggerBatch       events taken from the queue per transaction
 * @param deliveryEnabled    whether this node runs the delivery dispatcher
 * @param deliveryPollMillis how often the dispatcher looks for due messages
 * @param deliveryThreads    delivery workers per node, each with its own SMTP connection
 * @param deliveryBatch      messages a worker claims at once
 * @param leaseSeconds       how long a claimed message stays with its dispatcher before another may take it
 * @param maxAttempts        attempts before a message goes to dead letters
 * @param firstRetrySeconds  the first retry's delay; each further retry doubles it
 * @param maxRetrySeconds    the longest delay between retries
 */
@ConfigurationProperties("decisions.campaigns")
public record CampaignProperties(String publicBaseUrl, String emailFrom, String pushWebhook, String smsWebhook,
        int webhookTimeoutMillis, long triggerPollMillis, int triggerBatch, boolean deliveryEnabled,
        long deliveryPollMillis, int deliveryThreads, int deliveryBatch, int leaseSeconds, int maxAttempts, long firstRetrySeconds,
        long maxRetrySeconds) {
}
