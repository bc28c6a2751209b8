package com.subdecide.campaigns;

import com.subdecide.campaigns.domain.MessageCandidate;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.Scenario;
import com.subdecide.rules.ScenarioRunner;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Campaign test scenarios: the {@code Messages} sheet. Each row is one candidate message (the campaign's type, the
 * channel, the recipient's consent and time zone, the local date and time, what they were already sent) run through
 * {@code rules/campaign-compliance.drl}; it states the outcome and, optionally, words of the rule that decides and
 * the local time a deferred message is released. Blank cells take the neutral value (nothing sent yet, no cooldown,
 * no limit) and blank expectations are not checked.
 */
@Component
public class CampaignScenarios implements ScenarioRunner {

    static final String TYPE = "Campaign type";
    static final String CHANNEL = "Channel";
    static final String CONSENT = "Consent";
    static final String ZONE = "Time zone";
    static final String DATE = "Local date";
    static final String TIME = "Local time";
    static final String TODAY = "Sent today";
    static final String WEEK = "Sent in 7 days";
    static final String BY_CAMPAIGN = "Sent by this campaign";
    static final String DAYS_SINCE = "Days since this campaign sent";
    static final String COOLDOWN = "Cooldown days";
    static final String MAX = "Max per user";
    static final String INCREASE = "Price increase";
    static final String NOTICE = "Days to the renewal";
    static final String OUTCOME = "Outcome";
    static final String RULE = "Rule says";
    static final String RELEASE = "Released at (local)";
    private static final List<String> COLUMNS = List.of(TYPE, CHANNEL, CONSENT, ZONE, DATE, TIME, TODAY, WEEK,
            BY_CAMPAIGN, DAYS_SINCE, COOLDOWN, MAX, INCREASE, NOTICE, OUTCOME, RULE, RELEASE);

    @Override
    public String sheet() {
        return "Messages";
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> run(RuleSet ruleSet, Scenario scenario) {
        String type = scenario.required(TYPE);
        if (!CampaignDefinition.TYPES.contains(type)) {
            throw new IllegalArgumentException("'" + TYPE + "' must be one of " + CampaignDefinition.TYPES);
        }
        String channel = scenario.required(CHANNEL);
        if (!Contacts.CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("'" + CHANNEL + "' must be one of " + Contacts.CHANNELS);
        }
        String consent = scenario.cell(CONSENT) == null ? "NONE" : scenario.cell(CONSENT).trim();
        ZoneId zone = null;
        if (scenario.cell(ZONE) != null) {
            try {
                zone = ZoneId.of(scenario.cell(ZONE).trim());
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + ZONE + "' is not a time zone: " + scenario.cell(ZONE));
            }
        }
        LocalDate date = scenario.cell(DATE) == null ? LocalDate.of(2026, 12, 2) : parseDate(scenario.cell(DATE));
        LocalTime time = scenario.cell(TIME) == null ? LocalTime.NOON : parseTime(scenario.cell(TIME), TIME);
        Instant now = ZonedDateTime.of(date, time, zone == null ? ZoneId.of("UTC") : zone).toInstant();
        MessageCandidate c = new MessageCandidate("scenario", type, channel, "scenario-user", true, consent, zone, now,
                whole(scenario, TODAY, 0), whole(scenario, WEEK, 0), whole(scenario, BY_CAMPAIGN, 0),
                whole(scenario, DAYS_SINCE, -1), whole(scenario, COOLDOWN, 0), whole(scenario, MAX, Integer.MAX_VALUE),
                Boolean.TRUE.equals(scenario.yesNo(INCREASE)), whole(scenario, NOTICE, 0));
        String rule;
        try (RuleRun run = ruleSet.newRun()) {
            run.insert(c);
            run.fireAll();
            FiredRule fired = c.rule() == null ? null : run.firedByName().get(c.rule());
            rule = fired == null ? null : fired.rule();
        }
        List<String> differences = new ArrayList<>();
        String expected = scenario.required(OUTCOME);
        if (!MessageCandidate.OUTCOMES.contains(expected)) {
            throw new IllegalArgumentException("'" + OUTCOME + "' must be one of " + MessageCandidate.OUTCOMES);
        }
        if (!expected.equals(c.outcome())) {
            differences.add("outcome: expected " + expected + ", got " + c.outcome()
                    + (rule == null ? "" : " (" + rule + ": " + c.reason() + ")"));
        }
        String words = scenario.cell(RULE);
        if (words != null && (rule == null || !rule.toLowerCase(Locale.ROOT).contains(words.trim()
                .toLowerCase(Locale.ROOT)))) {
            differences.add("rule: expected one saying '" + words.trim() + "', got " + (rule == null ? "none" : "'"
                    + rule + "'"));
        }
        if (scenario.cell(RELEASE) != null) {
            LocalTime release = parseTime(scenario.cell(RELEASE), RELEASE);
            LocalTime got = c.releaseAt() == null || zone == null ? null : c.releaseAt().atZone(zone).toLocalTime();
            if (!release.equals(got)) {
                differences.add("released at: expected " + release + ", got " + (got == null ? "not deferred" : got));
            }
        }
        return differences;
    }

    private static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value.trim().length() > 10 ? value.trim().substring(0, 10) : value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + DATE + "' is not a date (2026-11-01): " + value);
        }
    }

    private static LocalTime parseTime(String value, String column) {
        try {
            return LocalTime.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + column + "' is not a time (21:30): " + value);
        }
    }

    private static int whole(Scenario scenario, String column, int fallback) {
        String value = scenario.cell(column);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (d != Math.rint(d)) {
                throw new NumberFormatException();
            }
            return (int) d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + column + "' is not a whole number: " + value);
        }
    }
}
