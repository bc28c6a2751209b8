package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.campaigns.domain.MessageCandidate;
import java.util.Map;
import java.util.UUID;

/** One candidate message on its way through the rules, the render and the log. */
final class PendingMessage {

    final Campaigns.Live campaign;
    final String userId;
    final String channel;
    final String triggerKey;
    final String triggerType;
    final String tier;
    final Map<String, String> values;
    final CampaignDecisions.Target target;
    final boolean priceIncrease;
    final int noticeDays;
    final UUID messageId;
    MessageCandidate candidate;
    String outcome;
    String reason;
    String rule;
    String source;
    String variant;
    ObjectNode offer;
    ObjectNode payload;
    String localDay;

    PendingMessage(Campaigns.Live campaign, String userId, String channel, String triggerKey, String triggerType,
            String tier, Map<String, String> values, CampaignDecisions.Target target, boolean priceIncrease, int noticeDays,
            UUID messageId) {
        this.campaign = campaign;
        this.userId = userId;
        this.channel = channel;
        this.triggerKey = triggerKey;
        this.triggerType = triggerType;
        this.tier = tier;
        this.values = values;
        this.target = target;
        this.priceIncrease = priceIncrease;
        this.noticeDays = noticeDays;
        this.messageId = messageId;
    }
}
