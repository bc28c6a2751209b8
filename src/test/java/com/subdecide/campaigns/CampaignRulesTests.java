package com.subdecide.campaigns;

import static org.assertj.core.api.Assertions.assertThat;

import com.subdecide.campaigns.domain.CampaignDraft;
import com.subdecide.campaigns.domain.MessageCandidate;
import com.subdecide.campaigns.domain.OfferOption;
import com.subdecide.campaigns.domain.TriggerEvent;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleFolders;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shipped campaign rules one by one, each matching and not: every compliance rule of
 * {@code rules/campaign-compliance.drl}, the offer rule, and the rows of {@code campaign-triggers.drl.xlsx}.
 */
class CampaignRulesTests {

    static final RuleSet RULES = RuleFolders.loadShipped();
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    /** 12:00 in Berlin: inside the allowed hours. */
    static final Instant NOON = Instant.parse("2026-12-02T11:00:00Z");

    /** A candidate every rule lets through; each test changes one thing. */
    static final class Candidate {
        String type = "RETENTION";
        String channel = "EMAIL";
        boolean address = true;
        String consent = "GRANTED";
        ZoneId zone = BERLIN;
        Instant now = NOON;
        int today;
        int week;
        int byCampaign;
        int daysSince = -1;
        int cooldown = 14;
        int max = 3;
        boolean increase;
        int notice = 0;

        MessageCandidate build() {
            return new MessageCandidate("c", type, channel, "u-1", address, consent, zone, now, today, week, byCampaign,
                    daysSince, cooldown, max, increase, notice);
        }
    }

    record Decided(String outcome, String rule, String source, Instant release) {
    }

    static Decided decide(Candidate c) {
        MessageCandidate m = c.build();
        try (RuleRun run = RULES.newRun()) {
            run.insert(m);
            run.fireAll();
            Map<String, FiredRule> fired = run.firedByName();
            FiredRule rule = m.rule() == null ? null : fired.get(m.rule());
            return new Decided(m.outcome(), m.rule(), rule == null ? null : rule.source(), m.releaseAt());
        }
    }

    static Candidate candidate() {
        return new Candidate();
    }

    @Test
    void aCandidateNoRuleStopsIsSent() {
        assertThat(decide(candidate()).outcome()).isEqualTo("SENT");
    }

    @Test
    void aMessageNeedsAnAddressOnItsChannel() {
        Candidate c = candidate();
        c.address = false;
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("BLOCKED_COMPLIANCE");
        assertThat(d.rule()).isEqualTo("a message needs the recipient's address on its channel");
        assertThat(d.source()).startsWith("rules/campaign-compliance.drl:");
    }

    @Test
    void smsAndPushNeedExplicitConsent() {
        for (String channel : List.of("SMS", "PUSH")) {
            for (String consent : List.of("NONE", "WITHDRAWN")) {
                Candidate c = candidate();
                c.channel = channel;
                c.consent = consent;
                assertThat(decide(c).rule()).as(channel + " " + consent).isEqualTo("SMS and push need the recipient's explicit consent");
            }
            Candidate granted = candidate();
            granted.channel = channel;
            assertThat(decide(granted).outcome()).isEqualTo("SENT");
        }
        // Even a transactional SMS needs consent.
        Candidate transactional = candidate();
        transactional.channel = "SMS";
        transactional.type = "TRANSACTIONAL";
        transactional.consent = "NONE";
        assertThat(decide(transactional).outcome()).isEqualTo("SUPPRESSED_NO_CONSENT");
    }

    @Test
    void marketingEmailStopsOnceConsentIsWithdrawn() {
        Candidate c = candidate();
        c.consent = "WITHDRAWN";
        assertThat(decide(c).rule()).isEqualTo("marketing email stops once consent is withdrawn");
        Candidate never = candidate();
        never.consent = "NONE";
        assertThat(decide(never).outcome()).as("email needs no explicit opt-in").isEqualTo("SENT");
        Candidate transactional = candidate();
        transactional.consent = "WITHDRAWN";
        transactional.type = "TRANSACTIONAL";
        assertThat(decide(transactional).outcome()).isEqualTo("SENT");
    }

    @Test
    void anOptOutStopsMarketingAndEverySmsAndPush() {
        Candidate c = candidate();
        c.consent = "OPTED_OUT";
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("SUPPRESSED_OPTED_OUT");
        assertThat(d.rule()).isEqualTo("an opt-out stops marketing at once, and every SMS and push message");
        Candidate sms = candidate();
        sms.channel = "SMS";
        sms.type = "TRANSACTIONAL";
        sms.consent = "OPTED_OUT";
        assertThat(decide(sms).outcome()).isEqualTo("SUPPRESSED_OPTED_OUT");
        Candidate notice = candidate();
        notice.type = "PRICE_CHANGE_NOTICE";
        notice.consent = "OPTED_OUT";
        assertThat(decide(notice).outcome()).as("a price-change notice by email is not marketing").isEqualTo("SENT");
    }

    @Test
    void noMarketingWithoutATimeZone() {
        Candidate c = candidate();
        c.zone = null;
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("BLOCKED_COMPLIANCE");
        assertThat(d.rule()).isEqualTo("no marketing message without the recipient's time zone (fail closed)");
        Candidate transactional = candidate();
        transactional.zone = null;
        transactional.type = "TRANSACTIONAL";
        assertThat(decide(transactional).outcome()).isEqualTo("SENT");
    }

    @Test
    void quietHoursDeferSmsAndPushToEightInTheMorningLocalTime() {
        Candidate c = candidate();
        c.channel = "PUSH";
        c.now = Instant.parse("2026-12-02T21:30:00Z"); // 22:30 in Berlin
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("DEFERRED_QUIET_HOURS");
        assertThat(d.rule()).isEqualTo("marketing SMS and push only between 08:00 and 21:00 in the recipient's time zone");
        assertThat(d.release()).isEqualTo(Instant.parse("2026-12-03T07:00:00Z"));
        Candidate early = candidate();
        early.channel = "SMS";
        early.now = Instant.parse("2026-12-02T05:59:00Z"); // 06:59 in Berlin: the same morning at 08:00
        assertThat(decide(early).release()).isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
        Candidate edge = candidate();
        edge.channel = "SMS";
        edge.now = Instant.parse("2026-12-02T19:59:00Z"); // 20:59
        assertThat(decide(edge).outcome()).isEqualTo("SENT");
        Candidate email = candidate();
        email.now = Instant.parse("2026-12-02T23:00:00Z");
        assertThat(decide(email).outcome()).as("email has no quiet hours").isEqualTo("SENT");
        Candidate transactional = candidate();
        transactional.channel = "PUSH";
        transactional.type = "TRANSACTIONAL";
        transactional.now = Instant.parse("2026-12-02T23:00:00Z");
        assertThat(decide(transactional).outcome()).isEqualTo("SENT");
    }

    @Test
    void quietHoursReleaseAtEightLocalAcrossADaylightSavingChange() {
        // 22:00 in New York on the night the clocks go back (1 Nov 2026): 08:00 the next morning is EST, UTC-5.
        Candidate c = candidate();
        c.channel = "PUSH";
        c.zone = ZoneId.of("America/New_York");
        c.now = Instant.parse("2026-11-01T02:00:00Z"); // 22:00 EDT on 31 Oct
        assertThat(decide(c).release()).isEqualTo(Instant.parse("2026-11-01T13:00:00Z"));
    }

    @Test
    void aCampaignWaitsOutItsCooldown() {
        Candidate c = candidate();
        c.daysSince = 13;
        c.byCampaign = 1;
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("SUPPRESSED_COOLDOWN");
        assertThat(d.rule()).isEqualTo("a campaign does not send the same recipient again within its cooldown");
        c.daysSince = 14;
        assertThat(decide(c).outcome()).isEqualTo("SENT");
    }

    @Test
    void aCampaignSendsARecipientAtMostItsLimit() {
        Candidate c = candidate();
        c.byCampaign = 3;
        c.daysSince = 40;
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("SUPPRESSED_FREQUENCY_CAP");
        assertThat(d.rule()).isEqualTo("a campaign sends a recipient at most its limit of messages");
        c.byCampaign = 2;
        assertThat(decide(c).outcome()).isEqualTo("SENT");
    }

    @Test
    void dailyCapsPerChannel() {
        Map<String, Integer> caps = Map.of("EMAIL", 2, "SMS", 1, "PUSH", 3, "IN_APP", 5);
        caps.forEach((channel, cap) -> {
            Candidate at = candidate();
            at.channel = channel;
            at.today = cap;
            at.week = cap;
            Decided d = decide(at);
            assertThat(d.outcome()).as(channel).isEqualTo("SUPPRESSED_FREQUENCY_CAP");
            assertThat(d.rule()).as(channel).contains("per calendar day");
            Candidate below = candidate();
            below.channel = channel;
            below.today = cap - 1;
            below.week = cap - 1;
            assertThat(decide(below).outcome()).as(channel).isEqualTo("SENT");
        });
        Candidate transactional = candidate();
        transactional.type = "TRANSACTIONAL";
        transactional.today = 10;
        transactional.week = 30;
        assertThat(decide(transactional).outcome()).as("transactional messages are exempt").isEqualTo("SENT");
    }

    @Test
    void weeklyCapsPerChannel() {
        Map<String, Integer> caps = Map.of("EMAIL", 5, "SMS", 3, "PUSH", 10, "IN_APP", 20);
        caps.forEach((channel, cap) -> {
            Candidate at = candidate();
            at.channel = channel;
            at.week = cap;
            Decided d = decide(at);
            assertThat(d.outcome()).as(channel).isEqualTo("SUPPRESSED_FREQUENCY_CAP");
            assertThat(d.rule()).as(channel).contains("per rolling week");
            Candidate below = candidate();
            below.channel = channel;
            below.week = cap - 1;
            assertThat(decide(below).outcome()).as(channel).isEqualTo("SENT");
        });
    }

    @Test
    void aPriceIncreaseNoticeGoesAtLeast30DaysAhead() {
        Candidate c = candidate();
        c.type = "PRICE_CHANGE_NOTICE";
        c.increase = true;
        c.notice = 29;
        Decided d = decide(c);
        assertThat(d.outcome()).isEqualTo("BLOCKED_COMPLIANCE");
        assertThat(d.rule()).isEqualTo("a price-increase notice goes at least 30 days before it reaches a renewal");
        c.notice = 30;
        assertThat(decide(c).outcome()).isEqualTo("SENT");
        Candidate decrease = candidate();
        decrease.type = "PRICE_CHANGE_NOTICE";
        decrease.notice = 2;
        assertThat(decide(decrease).outcome()).isEqualTo("SENT");
    }

    @Test
    void theStrongestCodeWinsWhenSeveralRulesStopAMessage() {
        Candidate c = candidate();
        c.consent = "OPTED_OUT";
        c.today = 9;
        c.address = false;
        assertThat(decide(c).outcome()).isEqualTo("BLOCKED_COMPLIANCE");
        c.address = true;
        assertThat(decide(c).outcome()).isEqualTo("SUPPRESSED_OPTED_OUT");
    }

    static List<CampaignDraft.Violation> check(String type, Set<String> channels, String text, int offers) {
        CampaignDraft d = new CampaignDraft("c", type, channels, text, offers);
        try (RuleRun run = RULES.newRun()) {
            run.insert(d);
            run.fireAll();
        }
        return d.violations();
    }

    @Test
    void marketingEmailCarriesTheUnsubscribeLink() {
        assertThat(check("RETENTION", Set.of("EMAIL"), "Hello", 0)).extracting(CampaignDraft.Violation::code)
                .containsExactly("missing_unsubscribe_link");
        assertThat(check("RETENTION", Set.of("EMAIL"), "Hello {unsubscribe_url}", 0)).isEmpty();
        assertThat(check("TRANSACTIONAL", Set.of("EMAIL"), "Your receipt", 0)).isEmpty();
    }

    @Test
    void marketingSmsSaysHowToStop() {
        assertThat(check("UPSELL", Set.of("SMS"), "Upgrade now", 0)).extracting(CampaignDraft.Violation::code)
                .containsExactly("missing_stop_instruction");
        assertThat(check("UPSELL", Set.of("SMS"), "Upgrade now. Reply STOP to opt out", 0)).isEmpty();
    }

    @Test
    void transactionalMessagesCarryNoOffers() {
        assertThat(check("TRANSACTIONAL", Set.of("IN_APP"), "Your card failed", 1))
                .extracting(CampaignDraft.Violation::code).containsExactly("offer_in_transactional");
        assertThat(check("TRANSACTIONAL", Set.of("IN_APP"), "Your card failed", 0)).isEmpty();
    }

    @Test
    void anOfferIsMadeOnlyWhereTheValueItKeepsExceedsItsCost() {
        OfferOption worth = new OfferOption("u", "SAVE20", 0.5, 200, 20); // 0.5 * 200 * 0.3 = 30 > 20
        OfferOption not = new OfferOption("u", "SAVE50", 0.1, 200, 20); // 6 < 20
        try (RuleRun run = RULES.newRun()) {
            run.insert(worth);
            run.insert(not);
            run.fireAll();
        }
        assertThat(worth.approved()).isTrue();
        assertThat(worth.expectedGain()).isEqualTo(30.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(not.approved()).isFalse();
    }

    static List<TriggerEvent.Route> route(TriggerEvent e) {
        try (RuleRun run = RULES.newRun()) {
            run.insert(e);
            run.fireAll();
        }
        return e.routes();
    }

    static TriggerEvent event(String type, String tier, String risk, double ageHours, int idleDays, int count) {
        return new TriggerEvent("e-1", "u-1", type, "individual", "basic", tier, risk, "", 0, ageHours, idleDays, 30,
                count);
    }

    @Test
    void theTriggerRowsRouteTheirEventsToTheirCampaigns() {
        List<TriggerEvent.Route> welcome = route(event("SUBSCRIBED", "", "UNKNOWN", 1, 100_000, 1));
        assertThat(welcome).singleElement().satisfies(r -> {
            assertThat(r.campaign()).isEqualTo("welcome");
            assertThat(r.channel()).isEqualTo("EMAIL");
            assertThat(r.cooldownDays()).isEqualTo(30);
            assertThat(r.maxPerUser()).isEqualTo(1);
        });
        assertThat(route(event("SUBSCRIBED", "", "UNKNOWN", 49, 100_000, 1))).as("too old").isEmpty();
        assertThat(route(event("PAYMENT_FAILED", "GOLD", "LOW", 2, 0, 1))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("payment-failed");
        assertThat(route(event("CANCELLED", "", "UNKNOWN", 2, 0, 1))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("win-back");
        assertThat(route(event("SWEEP", "", "HIGH", 0, 14, 0))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("retention-offer");
        assertThat(route(event("SWEEP", "", "HIGH", 0, 13, 0))).as("not idle long enough").isEmpty();
        assertThat(route(event("SWEEP", "", "CRITICAL", 0, 7, 0))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("retention-offer");
        assertThat(route(event("SWEEP", "", "MEDIUM", 0, 29, 0))).isEmpty();
        assertThat(route(event("SWEEP", "", "MEDIUM", 0, 30, 0))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("re-engage");
        assertThat(route(event("SWEEP", "", "HIGH", 0, 30, 0))).extracting(TriggerEvent.Route::campaign)
                .containsExactlyInAnyOrder("retention-offer", "re-engage");
        assertThat(route(event("BENEFIT_USED", "SILVER", "LOW", 1, 0, 3))).extracting(TriggerEvent.Route::channel)
                .containsExactly("IN_APP");
        assertThat(route(event("BENEFIT_USED", "SILVER", "LOW", 1, 0, 2))).as("third use").isEmpty();
        assertThat(route(event("BENEFIT_USED", "GOLD", "LOW", 1, 0, 3))).as("other tier").isEmpty();
        assertThat(route(event("PURCHASE", "BRONZE", "LOW", 1, 0, 3))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("upsell-silver");
        assertThat(route(event("PAGE_VIEW", "BRONZE", "LOW", 1, 0, 30))).isEmpty();
    }

    @Test
    void theChurnRiskIsAskedForOnlyByRowsThatNeedIt() {
        TriggerEvent unread = event("SWEEP", "", null, 0, 14, 0);
        assertThat(route(unread)).isEmpty();
        assertThat(unread.riskAsked()).as("the retention rows ask for the level").isTrue();
        assertThat(route(unread.withRisk("HIGH"))).extracting(TriggerEvent.Route::campaign)
                .containsExactly("retention-offer");
        TriggerEvent subscribed = event("SUBSCRIBED", "", null, 1, 0, 1);
        assertThat(route(subscribed)).extracting(TriggerEvent.Route::campaign).containsExactly("welcome");
        assertThat(subscribed.riskAsked()).as("the welcome row takes any risk").isFalse();
    }
}
