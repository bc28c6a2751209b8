package com.subdecide.rules;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health} detail {@code ruleSet}: the live version and the last reload. A broken edit does not
 * make the service unhealthy (the previous version serves) but shows here with its problems.
 */
@Component("ruleSet")
class RuleSetHealth implements HealthIndicator {

    private final ActiveRuleSet active;

    RuleSetHealth(ActiveRuleSet active) {
        this.active = active;
    }

    @Override
    public Health health() {
        ActiveRuleSet.Live live = active.live();
        Health.Builder health = Health.up().withDetail("version", live.ruleSet().version())
                .withDetail("since", live.since().toString()).withDetail("trigger", live.trigger());
        active.lastReload().ifPresent(reload -> {
            health.withDetail("last_reload", reload.activated() ? "live" : "rejected");
            if (!reload.activated()) {
                health.withDetail("rejected_version", reload.version()).withDetail("problems", reload.problems());
            }
        });
        return health.build();
    }
}
