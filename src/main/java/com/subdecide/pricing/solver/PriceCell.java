package com.subdecide.pricing.solver;

import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** One plan in one segment: the planning entity; its price is one of its own candidates. */
@PlanningEntity
public class PriceCell {

    @PlanningId
    private Integer index;
    private List<PriceOption> options;
    @PlanningVariable(valueRangeProviderRefs = "options")
    private PriceOption option;

    public PriceCell() {
    }

    public PriceCell(int index, List<PriceOption> options) {
        this.index = index;
        this.options = options;
    }

    public Integer getIndex() {
        return index;
    }

    @ValueRangeProvider(id = "options")
    public List<PriceOption> getOptions() {
        return options;
    }

    public PriceOption getOption() {
        return option;
    }

    public void setOption(PriceOption option) {
        this.option = option;
    }

    public double price() {
        return option == null ? 0 : option.getPrice();
    }

    public long value() {
        return option == null ? 0 : option.getValue();
    }

    public long revenue() {
        return option == null ? 0 : option.getRevenue();
    }

    public long affected() {
        return option == null ? 0 : option.getAffected();
    }
}
