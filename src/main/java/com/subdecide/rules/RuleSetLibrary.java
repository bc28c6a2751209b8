package com.subdecide.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.stereotype.Component;

/**
 * Compiled rule sets by version: the live one, and any stored version compiled on demand from PostgreSQL (for
 * replaying decisions under the version that made them, for rollbacks and for drafts). A few recent ones are
 * kept compiled; the rest are dropped, with their classes.
 */
@Component
public class RuleSetLibrary {

    private static final int KEPT = 8;

    private final ActiveRuleSet active;
    private final RuleSetVersions versions;
    private final Map<String, RuleSet> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RuleSet> eldest) {
            return size() > KEPT;
        }
    };

    RuleSetLibrary(ActiveRuleSet active, RuleSetVersions versions) {
        this.active = active;
        this.versions = versions;
    }

    /**
     * The compiled rule set of a stored version.
     *
     * @throws NoSuchElementException when no such version is stored
     */
    public RuleSet byVersion(String version) {
        RuleSet live = active.current();
        if (live.version().equals(version)) {
            return live;
        }
        synchronized (recent) {
            RuleSet known = recent.get(version);
            if (known != null) {
                return known;
            }
        }
        Map<String, byte[]> files = versions.files(version);
        if (files.isEmpty()) {
            throw new NoSuchElementException("no rule-set version " + version + " is stored");
        }
        RuleSet compiled = RuleSetLoader.compile(files);
        remember(compiled);
        return compiled;
    }

    /** Keeps a rule set compiled elsewhere (a new draft) so it is not compiled again. */
    public void remember(RuleSet ruleSet) {
        synchronized (recent) {
            recent.put(ruleSet.version(), ruleSet);
        }
    }
}
