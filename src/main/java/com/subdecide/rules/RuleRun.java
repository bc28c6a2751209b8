package com.subdecide.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;

/** One evaluation of a rule set: insert facts, fire, read back derived facts and the rules that fired. */
public final class RuleRun implements AutoCloseable {

    private final KieSession session;
    private final RuleLocations locations;
    private final Map<Rule, int[]> hits = new LinkedHashMap<>();

    RuleRun(KieSession session, RuleLocations locations) {
        this.session = session;
        this.locations = locations;
        session.addEventListener(new DefaultAgendaEventListener() {
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
        return session.fireAllRules();
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

    @Override
    public void close() {
        session.dispose();
    }
}
