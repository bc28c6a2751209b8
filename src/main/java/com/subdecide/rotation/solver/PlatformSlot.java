package com.subdecide.rotation.solver;

import java.util.List;
import org.optaplanner.core.api.domain.entity.PlanningEntity;
import org.optaplanner.core.api.domain.lookup.PlanningId;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.domain.variable.PlanningVariable;

/** One platform's access this month: none, one of its tiers, or a bundle that includes it. */
@PlanningEntity
public class PlatformSlot {

    @PlanningId
    private String platformId;
    private List<AccessOption> options;

    @PlanningVariable(valueRangeProviderRefs = "platformOptions")
    private AccessOption option;

    public PlatformSlot() {
    }

    public PlatformSlot(String platformId, List<AccessOption> options) {
        this.platformId = platformId;
        this.options = options;
    }

    public PlatformSlot(String platformId, List<AccessOption> options, AccessOption option) {
        this(platformId, options);
        this.option = option;
    }

    @ValueRangeProvider(id = "platformOptions")
    public List<AccessOption> getOptions() {
        return options;
    }

    public String getPlatformId() {
        return platformId;
    }

    public AccessOption getOption() {
        return option;
    }

    public void setOption(AccessOption option) {
        this.option = option;
    }

    @Override
    public String toString() {
        return platformId + "=" + option;
    }
}
