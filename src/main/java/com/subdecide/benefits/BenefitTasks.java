package com.subdecide.benefits;

import com.github.kagkarlsson.scheduler.task.Task;
import com.subdecide.system.Jobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Population allocations as a scheduler task. */
@Configuration(proxyBeanMethods = false)
class BenefitTasks {

    @Bean
    Task<Void> populationAllocationTask(Jobs jobs, PopulationAllocations allocations) {
        return jobs.kind(PopulationAllocations.TASK, allocations::run);
    }
}
