package com.subdecide.rotation;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Savings against the baseline portfolio, in exact decimals. Each month a baseline service is not paid for saves
 * its baseline cost; each month it is paid for at a lower price (a cheaper tier, or a bundle's share) saves the
 * difference. The yearly total is the sum of the entries of the last 12 months.
 */
public final class SavingsLedger {

    /** A service the user would have kept paying for, and since when. */
    public record BaselineService(String platformId, String tierId, BigDecimal monthlyCost, YearMonth since,
            String source) {
    }

    /** What the user pays for a platform in a month: its own tier, or a share of a bundle. */
    public record Paid(String platformId, String tierId, BigDecimal monthlyCost) {
    }

    /** One month's saving on one baseline service. */
    public record Entry(YearMonth month, String platformId, String kind, BigDecimal amount) {
    }

    public static final String CANCELLED = "CANCELLED";
    public static final String DOWNGRADED = "DOWNGRADED";

    private SavingsLedger() {
    }

    /** The month's entries: one per baseline service that was not paid for, or paid for at less. */
    public static List<Entry> entriesFor(YearMonth month, Collection<BaselineService> baseline, Map<String, Paid> paid) {
        List<Entry> entries = new ArrayList<>();
        for (BaselineService service : baseline) {
            if (service.since().isAfter(month)) {
                continue;
            }
            Paid now = paid.get(service.platformId());
            if (now == null) {
                entries.add(new Entry(month, service.platformId(), CANCELLED, service.monthlyCost()));
            } else if (now.monthlyCost().compareTo(service.monthlyCost()) < 0) {
                entries.add(new Entry(month, service.platformId(), DOWNGRADED,
                        service.monthlyCost().subtract(now.monthlyCost())));
            }
        }
        return entries;
    }

    /** The sum of the entries of the 12 months ending with {@code through}. */
    public static BigDecimal yearlyTotal(Collection<Entry> entries, YearMonth through) {
        YearMonth first = through.minusMonths(11);
        return entries.stream().filter(e -> !e.month().isBefore(first) && !e.month().isAfter(through))
                .map(Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /**
     * One sentence per baseline service with savings in the 12 months ending with {@code through}, e.g.
     * "You paused Disney+ for 4 months this year, saving $40!".
     */
    public static List<String> sentences(Collection<Entry> entries, YearMonth through, Map<String, String> names,
            String currency) {
        YearMonth first = through.minusMonths(11);
        Map<String, Map<String, List<Entry>>> byPlatform = new TreeMap<>();
        for (Entry e : entries) {
            if (!e.month().isBefore(first) && !e.month().isAfter(through)) {
                byPlatform.computeIfAbsent(e.platformId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e);
            }
        }
        List<String> sentences = new ArrayList<>();
        byPlatform.forEach((platform, kinds) -> kinds.forEach((kind, list) -> {
            BigDecimal saved = list.stream().map(Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            long months = list.stream().map(Entry::month).distinct().count();
            String verb = kind.equals(CANCELLED) ? "paused" : "downgraded";
            sentences.add("You " + verb + " " + names.getOrDefault(platform, platform) + " for " + months + " month"
                    + (months == 1 ? "" : "s") + " this year, saving " + money(saved, currency) + "!");
        }));
        return sentences;
    }

    /** {@code $40} for whole amounts, {@code $40.50} otherwise; the currency's symbol in US English. */
    static String money(BigDecimal amount, String currency) {
        String symbol = Currency.getInstance(currency == null ? "USD" : currency).getSymbol(Locale.US);
        BigDecimal plain = amount.stripTrailingZeros();
        String number = plain.scale() <= 0 ? plain.setScale(0).toPlainString() : amount.setScale(2).toPlainString();
        return symbol.length() == 1 ? symbol + number : number + " " + symbol;
    }
}
