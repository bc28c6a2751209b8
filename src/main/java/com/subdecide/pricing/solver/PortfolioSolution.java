package com.subdecide.pricing.solver;

import java.util.List;
import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.domain.solution.ProblemFactProperty;
import org.optaplanner.core.api.score.buildin.hardsoftlong.HardSoftLongScore;

/** The portfolio as OptaPlanner sees it: cells with their prices, tier pairs and the portfolio's caps. */
@PlanningSolution
public class PortfolioSolution {

    @PlanningEntityCollectionProperty
    private List<PriceCell> cells;
    @ProblemFactCollectionProperty
    private List<TierPair> pairs;
    @ProblemFactProperty
    private PortfolioLimits limits;
    @PlanningScore
    private HardSoftLongScore score;
    private int[] start;

    public PortfolioSolution() {
    }

    public PortfolioSolution(List<PriceCell> cells, List<TierPair> pairs, PortfolioLimits limits, int[] start) {
        this.cells = cells;
        this.pairs = pairs;
        this.limits = limits;
        this.start = start;
    }

    public List<PriceCell> getCells() {
        return cells;
    }

    public List<TierPair> getPairs() {
        return pairs;
    }

    public PortfolioLimits getLimits() {
        return limits;
    }

    public HardSoftLongScore getScore() {
        return score;
    }

    public void setScore(HardSoftLongScore score) {
        this.score = score;
    }

    /** The option position per cell the first phase puts in (null: the construction heuristic fills them). */
    public int[] getStart() {
        return start;
    }
}
