package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.benefits.BehaviourEvents;
import com.subdecide.system.JsonRequestReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A campaign as an analyst writes it: {@code key, type, trigger, segment, content, channels, variants, holdout,
 * schedule, attribution, cost}. Read with every bad field named at its JSON path (an unknown personalisation token
 * at the text that holds it); kept as the JSON it was read from.
 */
record CampaignDefinition(String key, String type, String name, String triggerEventType, Set<String> segments,
        Set<String> tiers, Content content, List<String> channels, List<Variant> variants, double holdoutShare,
        String holdoutSeed, Instant startsAt, Instant endsAt, int attributionDays, String conversionEvent,
        Map<String, BigDecimal> costPerMessage, JsonNode json) {

    static final Set<String> TYPES = Set.of("ONBOARDING", "RETENTION", "WIN_BACK", "UPSELL", "BENEFIT_UNLOCK",
            "PRICE_CHANGE_NOTICE", "TRANSACTIONAL");
    /** The personalisation tokens a text may hold, written {@code {name}}. */
    static final Set<String> TOKENS = Set.of("first_name", "plan", "price", "old_price", "effective_date", "offer",
            "offer_code", "benefit", "campaign", "unsubscribe_url");
    static final Pattern TOKEN = Pattern.compile("\\{([A-Za-z0-9_]*)}");
    static final Set<String> SUBSCRIPTION_CONVERSIONS = Set.of("SUBSCRIBED", "RENEWED", "UPGRADED");
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,79}");

    record Offer(String code, String description, BigDecimal discountPercent, int months) {
    }

    record Content(String subject, String body, String ctaText, String ctaUrl, List<Offer> offers,
            Map<String, String> defaults) {
    }

    /** A variant's content: its own subject or body where it sets them, the campaign's otherwise. */
    record Variant(String key, double weight, String subject, String body) {
    }

    boolean marketing() {
        return !"TRANSACTIONAL".equals(type) && !"PRICE_CHANGE_NOTICE".equals(type);
    }

    static CampaignDefinition read(JsonNode body, ObjectMapper json) {
        JsonRequestReader in = new JsonRequestReader();
        if (body == null || !body.isObject()) {
            in.problem("$", "wrong_type", "the body must be a JSON object");
            in.throwIfProblems();
        }
        String key = in.string(body, "$", "key", true, 80);
        if (key != null && !KEY.matcher(key).matches()) {
            in.problem("$.key", "invalid_key", "'key' must be lower-case letters, digits, '.', '_' or '-', starting "
                    + "with a letter or digit");
        }
        String type = in.choice(body, "$", "type", TYPES, null);
        String name = in.string(body, "$", "name", false, 200);
        String trigger = null;
        JsonNode t = body.get("trigger");
        if (t == null || !t.isObject()) {
            in.problem("$.trigger", "required", "'trigger' is required: {event_type} (a behavioural or subscription "
                    + "event type, or SWEEP for the daily sweep)");
        } else {
            Set<String> events = new LinkedHashSet<>(BehaviourEvents.TYPES);
            events.addAll(com.subdecide.customers.SubscriptionEvents.TYPES);
            events.add("SWEEP");
            events.add("PRICE_CHANGE");
            trigger = in.choice(t, "$.trigger", "event_type", events, null);
        }
        Set<String> segments = null;
        Set<String> tiers = null;
        JsonNode s = body.get("segment");
        if (s != null && !s.isNull()) {
            if (!in.isObject(s, "$.segment")) {
                s = json.createObjectNode();
            }
            List<String> seg = in.strings(s, "$.segment", "segments", 50, 100, null);
            List<String> tier = in.strings(s, "$.segment", "tiers", 20, 100, null);
            segments = seg == null ? null : Set.copyOf(seg);
            tiers = tier == null ? null : Set.copyOf(tier);
        }
        Content content = content(in, body.get("content"), json);
        List<String> channels = in.strings(body, "$", "channels", 4, 10, null);
        if (channels == null || channels.isEmpty()) {
            in.problem("$.channels", "required", "'channels' must list at least one of " + Contacts.CHANNELS);
            channels = List.of();
        }
        for (int i = 0; i < channels.size(); i++) {
            if (!Contacts.CHANNELS.contains(channels.get(i))) {
                in.problem("$.channels[" + i + "]", "unknown_value", "a channel is one of " + Contacts.CHANNELS);
            }
        }
        List<Variant> variants = variants(in, body);
        double share = 0;
        String seed = key == null ? null : key + "-holdout";
        JsonNode h = body.get("holdout");
        if (h != null && !h.isNull() && in.isObject(h, "$.holdout")) {
            BigDecimal v = required(in, h, "$.holdout", "share", BigDecimal.ZERO, new BigDecimal("0.5"));
            share = v == null ? 0 : v.doubleValue();
            String given = in.string(h, "$.holdout", "seed", false, 100);
            seed = given != null ? given : seed;
        }
        Instant starts = null;
        Instant ends = null;
        JsonNode sc = body.get("schedule");
        if (sc != null && !sc.isNull() && in.isObject(sc, "$.schedule")) {
            starts = sc.hasNonNull("starts_at") ? in.instant(sc, "$.schedule", "starts_at", Instant.MAX) : null;
            ends = sc.hasNonNull("ends_at") ? in.instant(sc, "$.schedule", "ends_at", Instant.MAX) : null;
            if (starts != null && ends != null && !ends.isAfter(starts)) {
                in.problem("$.schedule.ends_at", "before_start", "'ends_at' must be after 'starts_at'");
            }
        }
        int days = 14;
        String conversion = "PURCHASE";
        JsonNode a = body.get("attribution");
        if (a != null && !a.isNull() && in.isObject(a, "$.attribution")) {
            Integer d = in.count(a, "$.attribution", "window_days", 365);
            days = d == null ? days : d;
            Set<String> allowed = new LinkedHashSet<>(BehaviourEvents.TYPES);
            allowed.addAll(SUBSCRIPTION_CONVERSIONS);
            conversion = in.choice(a, "$.attribution", "conversion_event", allowed, "PURCHASE");
            if (days < 1) {
                in.problem("$.attribution.window_days", "too_small", "'window_days' must be at least 1");
            }
        }
        if (variants.size() > 1 && conversion != null && SUBSCRIPTION_CONVERSIONS.contains(conversion)) {
            in.problem("$.attribution.conversion_event", "not_behavioural", "a campaign with variants is analysed by "
                    + "the experiments engine over behavioural events; use one of " + BehaviourEvents.TYPES);
        }
        Map<String, BigDecimal> cost = new LinkedHashMap<>();
        JsonNode c = body.get("cost");
        if (c != null && !c.isNull() && in.isObject(c, "$.cost")) {
            JsonNode per = c.get("per_message");
            if (per != null && in.isObject(per, "$.cost.per_message")) {
                per.fieldNames().forEachRemaining(channel -> {
                    if (!Contacts.CHANNELS.contains(channel)) {
                        in.problem("$.cost.per_message." + channel, "unknown_value", "a channel is one of "
                                + Contacts.CHANNELS);
                    } else {
                        BigDecimal v = in.number(per, "$.cost.per_message", channel, BigDecimal.ZERO,
                                new BigDecimal("100"), null);
                        if (v != null) {
                            cost.put(channel, v);
                        }
                    }
                });
            }
        }
        in.throwIfProblems();
        return new CampaignDefinition(key, type, name, trigger, segments, tiers, content, List.copyOf(channels),
                variants, share, seed, starts, ends, days, conversion, cost, body);
    }

    private static Content content(JsonRequestReader in, JsonNode c, ObjectMapper json) {
        if (c == null || !c.isObject()) {
            in.problem("$.content", "required", "'content' is required: {subject, body, call_to_action, offers}");
            return new Content(null, null, null, null, List.of(), Map.of());
        }
        String subject = in.string(c, "$.content", "subject", true, 300);
        String body = in.string(c, "$.content", "body", true, 20_000);
        tokens(in, subject, "$.content.subject");
        tokens(in, body, "$.content.body");
        String ctaText = null;
        String ctaUrl = null;
        JsonNode cta = c.get("call_to_action");
        if (cta != null && !cta.isNull() && in.isObject(cta, "$.content.call_to_action")) {
            ctaText = in.string(cta, "$.content.call_to_action", "text", true, 200);
            ctaUrl = in.string(cta, "$.content.call_to_action", "url", true, 2000);
            tokens(in, ctaText, "$.content.call_to_action.text");
            tokens(in, ctaUrl, "$.content.call_to_action.url");
        }
        List<Offer> offers = new ArrayList<>();
        List<JsonNode> items = c.has("offers") ? in.array(c, "$.content", "offers", false, 10) : List.of();
        Set<String> codes = new LinkedHashSet<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = "$.content.offers[" + i + "]";
            JsonNode o = items.get(i);
            if (!in.isObject(o, at)) {
                continue;
            }
            String code = in.string(o, at, "code", true, 50);
            if (code != null && !codes.add(code)) {
                in.problem(at + ".code", "duplicate", "offer code '" + code + "' appears twice");
            }
            String description = in.string(o, at, "description", true, 300);
            BigDecimal percent = required(in, o, at, "discount_percent", BigDecimal.ONE, new BigDecimal("100"));
            Integer months = in.count(o, at, "months", 24);
            if (months != null && months < 1) {
                in.problem(at + ".months", "too_small", "'months' must be at least 1");
            }
            offers.add(new Offer(code, description, percent, months == null ? 1 : months));
        }
        Map<String, String> defaults = new LinkedHashMap<>();
        JsonNode d = c.get("defaults");
        if (d != null && !d.isNull() && in.isObject(d, "$.content.defaults")) {
            d.fields().forEachRemaining(e -> {
                if (!TOKENS.contains(e.getKey())) {
                    in.problem("$.content.defaults." + e.getKey(), "unknown_token", "'" + e.getKey()
                            + "' is not a personalisation token; tokens are " + TOKENS.stream().sorted().toList());
                } else if (!e.getValue().isTextual()) {
                    in.problem("$.content.defaults." + e.getKey(), "wrong_type", "a default must be a string");
                } else {
                    defaults.put(e.getKey(), e.getValue().textValue());
                }
            });
        }
        return new Content(subject, body, ctaText, ctaUrl, List.copyOf(offers), defaults);
    }

    private static List<Variant> variants(JsonRequestReader in, JsonNode body) {
        List<Variant> variants = new ArrayList<>();
        List<JsonNode> items = body.has("variants") ? in.array(body, "$", "variants", false, 10) : List.of();
        if (items == null || items.isEmpty()) {
            return variants;
        }
        if (items.size() == 1) {
            in.problem("$.variants", "too_few", "variants make a CAMPAIGN experiment: give at least two, or none");
        }
        double sum = 0;
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "$.variants[" + i + "]";
            JsonNode v = items.get(i);
            if (!in.isObject(v, at)) {
                continue;
            }
            String key = in.string(v, at, "key", true, 50);
            if (key != null && !keys.add(key)) {
                in.problem(at + ".key", "duplicate", "variant key '" + key + "' appears twice");
            }
            BigDecimal weight = required(in, v, at, "weight", BigDecimal.ZERO, BigDecimal.ONE);
            sum += weight == null ? 0 : weight.doubleValue();
            String subject = in.string(v, at, "subject", false, 300);
            String text = in.string(v, at, "body", false, 20_000);
            tokens(in, subject, at + ".subject");
            tokens(in, text, at + ".body");
            variants.add(new Variant(key, weight == null ? 0 : weight.doubleValue(), subject, text));
        }
        if (Math.abs(sum - 1) > 1e-6) {
            in.problem("$.variants", "weights_do_not_sum_to_1", "the variants' weights sum to "
                    + BigDecimal.valueOf(sum).stripTrailingZeros().toPlainString() + ", not 1");
        }
        return variants;
    }

    private static BigDecimal required(JsonRequestReader in, JsonNode node, String path, String field, BigDecimal min,
            BigDecimal max) {
        if (!node.hasNonNull(field)) {
            in.problem(path + "." + field, "required", "'" + field + "' is required");
            return null;
        }
        return in.number(node, path, field, min, max, null);
    }

    /** Names each unknown token of {@code text} at {@code path}. */
    static void tokens(JsonRequestReader in, String text, String path) {
        if (text == null) {
            return;
        }
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            if (!TOKENS.contains(m.group(1))) {
                in.problem(path, "unknown_token", "'{" + m.group(1) + "}' is not a personalisation token; tokens are "
                        + TOKENS.stream().sorted().map(t -> "{" + t + "}").toList());
            }
        }
    }

    /** {@code text} with each token replaced by its value, the campaign's default, or nothing. */
    static String render(String text, Map<String, String> values, Map<String, String> defaults) {
        if (text == null) {
            return null;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null || v.isEmpty()) {
                v = defaults.getOrDefault(m.group(1), "");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
