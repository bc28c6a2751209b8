package com.subdecide.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/**
 * One evaluation of a rule set: insert facts, fire, read back derived facts and the rules that fired. Firing is
 * bounded ({@link RuleLimits}): at most so many rule firings, and a watchdog halts the session past its time;
 * either way the decision fails with {@link RuleLimitExceededException} naming the rule.
 */
public final class RuleRun implements AutoCloseable {

    private final KieSession session;
    private final RuleLocations locations;
    private final Map<Rule, int[]> hits = new LinkedHashMap<>();
    private volatile Rule firing;
    private volatile boolean timedOut;

    RuleRun(KieSession session, RuleLocations locations) {
        this.session = session;
        this.locations = locations;
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                firing = event.getMatch().getRule();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                hits.computeIfAbsent(event.getMatch().getRule(), r -> new int[1])[0]++;
            }
        });
    }

    public void insert(Object fact) {
        session.insert(fact);
    }

    public int fireAll() {
        int max = RuleLimits.maxActivations();
        long millis = RuleLimits.maxFireMillis();
        ScheduledFuture<?> watchdog = RuleLimits.WATCHDOG.schedule(() -> {
            timedOut = true;
            session.halt();
        }, millis, TimeUnit.MILLISECONDS);
        int fired;
        try {
            // One firing past the limit tells a session that ended exactly at it from one that would go on.
            fired = session.fireAllRules(max == Integer.MAX_VALUE ? max : max + 1);
        } finally {
            watchdog.cancel(false);
        }
        if (timedOut) {
            Rule rule = firing;
            throw exceeded(rule, "the rules ran longer than " + millis + " ms (decisions.rules.max-fire-millis); %s "
                    + "was firing");
        }
        if (fired > max) {
            throw exceeded(mostFired(), "the rules fired more than " + max + " times (decisions.rules.max-activations); "
                    + "%s fired most, it probably re-activates itself (an update or insert that its own conditions "
                    + "match again)");
        }
        return fired;
    }

    private Rule mostFired() {
        Rule most = null;
        int count = -1;
        for (Map.Entry<Rule, int[]> e : hits.entrySet()) {
            if (e.getValue()[0] > count) {
                most = e.getKey();
                count = e.getValue()[0];
            }
        }
        return most;
    }

    private RuleLimitExceededException exceeded(Rule rule, String message) {
        if (rule == null) {
            return new RuleLimitExceededException("?", "?", String.format(message, "a rule"));
        }
        RuleLocations.Location location = locations.find(rule.getPackageName(), rule.getName());
        return new RuleLimitExceededException(location.label(), location.source(),
                String.format(message, "'" + location.label() + "' (" + location.source() + ")"));
    }

    /** Facts of this type in working memory, including those the rules inserted. */
    public <T> List<T> facts(Class<T> type) {
        List<T> result = new ArrayList<>();
        for (Object fact : session.getObjects(type::isInstance)) {
            result.add(type.cast(fact));
        }
        return result;
    }

    /** Every rule that fired, in first-fired order, with where it is written and how often it fired. */
    public List<FiredRule> firedRules() {
        List<FiredRule> fired = new ArrayList<>(hits.size());
        hits.forEach((rule, count) -> {
            RuleLocations.Location location = locations.find(rule.getPackageName(), rule.getName());
            fired.add(new FiredRule(location.label(), location.source(), count[0]));
        });
        return fired;
    }

    /** The rules that fired keyed by their name in the rule set (as {@code drools.getRule().getName()} gives it). */
    public Map<String, FiredRule> firedByName() {
        Map<String, FiredRule> fired = new LinkedHashMap<>();
        hits.forEach((rule, count) -> {
            RuleLocations.Location location = locations.find(rule.getPackageName(), rule.getName());
            fired.put(rule.getName(), new FiredRule(location.label(), location.source(), count[0]));
        });
        return fired;
    }

    @Override
    public void close() {
        session.dispose();
    }
}
