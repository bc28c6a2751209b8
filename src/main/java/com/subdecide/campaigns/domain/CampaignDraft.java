package com.subdecide.campaigns.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A campaign being checked before it goes live: its type, channels and texts. The rules in
 * {@code rules/campaign-compliance.drl} that read it add violations; a campaign with any cannot go live.
 */
public class CampaignDraft {

    /** One violation: a stable code, what is wrong, and the rule that found it. */
    public record Violation(String code, String message, String rule) {
    }

    private final String campaignKey;
    private final String type;
    private final Set<String> channels;
    private final String text;
    private final int offers;
    private final List<Violation> violations = new ArrayList<>();

    /** @param text the subject, body and call to action of the campaign and its variants, joined */
    public CampaignDraft(String campaignKey, String type, Set<String> channels, String text, int offers) {
        this.campaignKey = campaignKey;
        this.type = type;
        this.channels = Set.copyOf(channels);
        this.text = text;
        this.offers = offers;
    }

    public void violation(String code, String message, String rule) {
        violations.add(new Violation(code, message, rule));
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    public boolean sendsOn(String channel) {
        return channels.contains(channel);
    }

    public boolean says(String words) {
        return text.contains(words);
    }

    public boolean isMarketing() {
        return !"TRANSACTIONAL".equals(type) && !"PRICE_CHANGE_NOTICE".equals(type);
    }

    public String getCampaignKey() {
        return campaignKey;
    }

    public String getType() {
        return type;
    }

    public int getOffers() {
        return offers;
    }
}
