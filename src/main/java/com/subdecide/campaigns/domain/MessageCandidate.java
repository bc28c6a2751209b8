package com.subdecide.campaigns.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * One message a campaign would send one recipient on one channel, with what {@code rules/campaign-compliance.drl}
 * needs to decide it: the recipient's consent on the channel, their time zone and local time, what they were
 * already sent (calendar day in their time zone, rolling week of 168 hours, this campaign), and for a
 * price-change notice how many days before the renewal it applies to. The rules suppress it (the strongest code
 * wins: {@link #OUTCOMES} lists them strongest first), defer it to an allowed local time, or leave it to send.
 */
public class MessageCandidate {

    /** Outcome codes, strongest first; a candidate no rule stops is {@code SENT} (or {@code HOLDOUT}). */
    public static final List<String> OUTCOMES = List.of("BLOCKED_COMPLIANCE", "SUPPRESSED_OPTED_OUT",
            "SUPPRESSED_NO_CONSENT", "SUPPRESSED_COOLDOWN", "SUPPRESSED_FREQUENCY_CAP", "DEFERRED_QUIET_HOURS",
            "HOLDOUT", "SENT");

    private final String campaignKey;
    private final String campaignType;
    private final String channel;
    private final String userId;
    private final boolean addressKnown;
    private final String consent;
    private final ZoneId timeZone;
    private final Instant now;
    private final int sentToday;
    private final int sentThisWeek;
    private final int sentByCampaign;
    private final int daysSinceCampaignSent;
    private final int cooldownDays;
    private final int maxPerUser;
    private final boolean priceIncrease;
    private final int noticeDays;

    private String outcome;
    private String reason;
    private String rule;
    private Instant releaseAt;

    /**
     * @param consent               the newest consent on the channel: {@code GRANTED}, {@code WITHDRAWN},
     *                              {@code OPTED_OUT} (one-click unsubscribe) or {@code NONE} (never asked)
     * @param timeZone              the recipient's time zone, null when unknown
     * @param sentToday             marketing messages sent on this channel on the recipient's calendar day
     * @param sentThisWeek          marketing messages sent on this channel in the last 168 hours
     * @param sentByCampaign        messages this campaign sent the recipient, on any channel
     * @param daysSinceCampaignSent whole days since this campaign last sent the recipient (-1 if never)
     * @param noticeDays            for a price-change notice, days from now to the renewal the new price reaches
     */
    public MessageCandidate(String campaignKey, String campaignType, String channel, String userId,
            boolean addressKnown, String consent, ZoneId timeZone, Instant now, int sentToday, int sentThisWeek,
            int sentByCampaign, int daysSinceCampaignSent, int cooldownDays, int maxPerUser, boolean priceIncrease,
            int noticeDays) {
        this.campaignKey = campaignKey;
        this.campaignType = campaignType;
        this.channel = channel;
        this.userId = userId;
        this.addressKnown = addressKnown;
        this.consent = consent;
        this.timeZone = timeZone;
        this.now = now;
        this.sentToday = sentToday;
        this.sentThisWeek = sentThisWeek;
        this.sentByCampaign = sentByCampaign;
        this.daysSinceCampaignSent = daysSinceCampaignSent;
        this.cooldownDays = cooldownDays;
        this.maxPerUser = maxPerUser;
        this.priceIncrease = priceIncrease;
        this.noticeDays = noticeDays;
    }

    /** Stops the message with {@code code} unless a stronger code stopped it already. */
    public void suppress(String code, String why, String byRule) {
        if (!OUTCOMES.contains(code) || "SENT".equals(code) || "HOLDOUT".equals(code)) {
            throw new IllegalArgumentException("not a suppression code: " + code);
        }
        if (outcome == null || OUTCOMES.indexOf(code) < OUTCOMES.indexOf(outcome)) {
            outcome = code;
            reason = why;
            rule = byRule;
            if (!"DEFERRED_QUIET_HOURS".equals(code)) {
                releaseAt = null;
            }
        }
    }

    /**
     * Holds the message to the next {@code hour:minute} in the recipient's time zone (a time a daylight-saving
     * change skips moves to the first valid instant after it), unless something stronger stopped it.
     */
    public void deferUntilLocal(int hour, int minute, String why, String byRule) {
        if (timeZone == null) {
            suppress("BLOCKED_COMPLIANCE", "no time zone is known for the recipient", byRule);
            return;
        }
        ZonedDateTime local = now.atZone(timeZone);
        LocalTime allowed = LocalTime.of(hour, minute);
        LocalDate day = local.toLocalTime().isBefore(allowed) ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        Instant release = ZonedDateTime.of(day, allowed, timeZone).toInstant();
        String before = outcome;
        suppress("DEFERRED_QUIET_HOURS", why, byRule);
        if ("DEFERRED_QUIET_HOURS".equals(outcome) && !"DEFERRED_QUIET_HOURS".equals(before)) {
            releaseAt = release;
        }
    }

    /** Whether the message is for marketing (every type but {@code TRANSACTIONAL} and {@code PRICE_CHANGE_NOTICE}). */
    public boolean isMarketing() {
        return !"TRANSACTIONAL".equals(campaignType) && !"PRICE_CHANGE_NOTICE".equals(campaignType);
    }

    public boolean isTimeZoneKnown() {
        return timeZone != null;
    }

    /** Minutes since local midnight in the recipient's time zone (-1 when unknown). */
    public int getLocalMinute() {
        if (timeZone == null) {
            return -1;
        }
        LocalTime t = now.atZone(timeZone).toLocalTime();
        return t.getHour() * 60 + t.getMinute();
    }

    /** The outcome the rules reached, {@code SENT} when none stopped the message. */
    public String outcome() {
        return outcome == null ? "SENT" : outcome;
    }

    public String reason() {
        return reason;
    }

    /** The rule that decided (its name in the rule set), null when none stopped the message. */
    public String rule() {
        return rule;
    }

    public Instant releaseAt() {
        return releaseAt;
    }

    public String getCampaignKey() {
        return campaignKey;
    }

    public String getCampaignType() {
        return campaignType;
    }

    public String getChannel() {
        return channel;
    }

    public String getUserId() {
        return userId;
    }

    public boolean isAddressKnown() {
        return addressKnown;
    }

    public String getConsent() {
        return consent;
    }

    public int getSentToday() {
        return sentToday;
    }

    public int getSentThisWeek() {
        return sentThisWeek;
    }

    public int getSentByCampaign() {
        return sentByCampaign;
    }

    public int getDaysSinceCampaignSent() {
        return daysSinceCampaignSent;
    }

    public int getCooldownDays() {
        return cooldownDays;
    }

    public int getMaxPerUser() {
        return maxPerUser;
    }

    public boolean isPriceIncrease() {
        return priceIncrease;
    }

    public int getNoticeDays() {
        return noticeDays;
    }
}
