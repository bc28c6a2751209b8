package com.subdecide.rules;

import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The rule set serving decisions. Compiled from the configured folders at start; a rule set that does not
 * compile stops start-up with every problem listed.
 */
@Component
public class ActiveRuleSet {

    private static final Logger log = LoggerFactory.getLogger(ActiveRuleSet.class);

    private final AtomicReference<RuleSet> current;

    ActiveRuleSet(RulesProperties properties) {
        RuleSet ruleSet = RuleSetLoader.load(properties);
        log.info("rule set {} compiled from {} files", ruleSet.version(), ruleSet.files().size());
        this.current = new AtomicReference<>(ruleSet);
    }

    /** The rule set a new decision should run on; the caller keeps using it for the whole decision. */
    public RuleSet current() {
        return current.get();
    }
}
