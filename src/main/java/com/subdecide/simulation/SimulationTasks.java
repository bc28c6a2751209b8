package com.subdecide.simulation;

import com.github.kagkarlsson.scheduler.task.Task;
import com.subdecide.system.Jobs;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The simulation jobs as scheduler tasks: replays and year simulations. */
@Configuration(proxyBeanMethods = false)
class SimulationTasks {

    @Bean
    Task<Void> simulationTask(Jobs jobs, SimulationJobs simulations) {
        return jobs.kind(SimulationJobs.TASK, simulations::run);
    }

    @Bean
    Task<Void> yearSimulationTask(Jobs jobs, YearJobs years) {
        return jobs.kind(YearJobs.TASK, years::run);
    }
}
