package com.subdecide.pricing.solver;

import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;

/**
 * The first phase: puts in the best feasible portfolio the relaxation met, or every cell at its current price
 * (or its first candidate when the current price is outside its limits), so the local search starts complete.
 */
public class StartFromRelaxation implements CustomPhaseCommand<PortfolioSolution> {

    @Override
    public void changeWorkingSolution(ScoreDirector<PortfolioSolution> director) {
        PortfolioSolution solution = director.getWorkingSolution();
        int[] start = solution.getStart();
        for (PriceCell cell : solution.getCells()) {
            PriceOption wanted = cell.getOptions().get(start[cell.getIndex()]);
            if (cell.getOption() != wanted) {
                director.beforeVariableChanged(cell, "option");
                cell.setOption(wanted);
                director.afterVariableChanged(cell, "option");
            }
        }
        director.triggerVariableListeners();
    }
}
