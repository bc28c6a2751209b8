package com.subdecide.customers;

import com.subdecide.customers.domain.ChurnReading;
import com.subdecide.customers.domain.CustomerUsage;
import com.subdecide.customers.domain.ModelQuality;
import com.subdecide.customers.domain.ValueAssumptions;
import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.FiredRule;
import com.subdecide.rules.RuleRun;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The live customer tables applied to one fact at a time, with the rows that fired (where they are written). */
@Component
class CustomerTables {

    /** A fact after the tables ran on it, and the rows that fired. */
    record Applied<T>(T fact, List<FiredRule> rules, Map<String, FiredRule> byName) {
    }

    private final ActiveRuleSet rules;

    CustomerTables(ActiveRuleSet rules) {
        this.rules = rules;
    }

    Applied<ValueAssumptions> assumptions(String segment) {
        return apply(new ValueAssumptions(segment));
    }

    Applied<ChurnReading> classify(ChurnReading reading) {
        return apply(reading);
    }

    Applied<CustomerUsage> expansion(CustomerUsage usage) {
        return apply(usage);
    }

    Applied<ModelQuality> quality(ModelQuality quality) {
        return apply(quality);
    }

    private <T> Applied<T> apply(T fact) {
        try (RuleRun run = rules.current().newRun()) {
            run.insert(fact);
            run.fireAll();
            return new Applied<>(fact, run.firedRules(), run.firedByName());
        }
    }

    /** The rows as {@code {rule, source}} pairs, for answers. */
    static List<Map<String, String>> rows(List<FiredRule> fired) {
        return fired.stream().map(f -> Map.of("rule", f.rule(), "source", f.source())).toList();
    }
}
