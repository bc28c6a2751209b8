package com.subdecide.rotation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.subdecide.rules.FiredRule;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The answer to a rotation-plan request, as the contract in {@code docs/api.md} gives it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RotationPlan(UUID decisionId, String rulesetVersion, LocalDate asOf, String currency,
        BigDecimal budgetCap, BigDecimal totalMonthlyCost, ActionPlan actionPlan, List<PlatformScore> platformScores,
        List<WatchNext> watchNext, Explanation explanation) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record ActionPlan(List<Keep> keep, List<Subscribe> subscribe, List<Downgrade> downgrade,
            List<Cancel> cancel) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Keep(String platformId, String tierId, BigDecimal monthlyCost, LocalDate renewalDate,
            String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Subscribe(String platformId, String tierId, String fromTierId, String bundleId,
            List<String> platformIds, BigDecimal monthlyCost, String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Downgrade(String platformId, String fromTierId, String toTierId, BigDecimal costReduction,
            LocalDate effectiveDate, String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Cancel(String platformId, String tierId, LocalDate executeDate, LocalDate accessUntil,
            BigDecimal monthlySavings, String reason) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record PlatformScore(String platformId, BigDecimal utilityScore, List<String> titles) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record WatchNext(String titleId, String platformId, LocalDate watchBy, String why) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)

    public record Explanation(String score, boolean optimal, String optimality, List<ConstraintScore> constraints,
            List<FiredRule> rulesFired, List<String> notes) {
    }

    /**
     * One constraint's share of the score.
     *
     * @param value the same in business units: covered value, dollars, or a count
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ConstraintScore(String name, String score, BigDecimal value) {
    }
}
