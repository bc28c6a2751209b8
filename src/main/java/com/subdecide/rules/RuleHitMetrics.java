package com.subdecide.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per rule and per table row hit counts of live decisions, as the Micrometer counter {@code decisions.rule.hits}
 * tagged with {@code source} ({@code rules/x.drl:12}, {@code decision-tables/x.drl.xlsx!Sheet!B10}). Every rule of a version that goes live is registered at zero, so rows that never fire show.
 */
@Component
public class RuleHitMetrics {

    static final String NAME = "decisions.rule.hits";

    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    RuleHitMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts what fired in one live decision. */
    public void record(List<FiredRule> fired) {
        for (FiredRule rule : fired) {
            counter(rule.source()).increment(rule.hits());
        }
    }

    void register(RuleSet ruleSet) {
        ruleSet.rules().forEach(rule -> counter(rule.source()));
    }

    private Counter counter(String source) {
        return counters.computeIfAbsent(source, k -> Counter.builder(NAME)
                .description("Times a rule or table row fired in live decisions")
                .tag("source", source).register(meters));
    }
}
