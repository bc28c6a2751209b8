package com.subdecide.customers;

import com.github.kagkarlsson.scheduler.task.Task;
import com.subdecide.system.Jobs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The daily model-quality reading, run by one node whatever their number. */
@Configuration(proxyBeanMethods = false)
class CustomerTasks {

    @Bean
    Task<Void> modelMonitoringTask(ModelMonitor monitor,
            @Value("${decisions.models.monitoring-cron:0 30 3 * * *}") String cron) {
        return Jobs.recurring("model-monitoring", cron, monitor::scheduled);
    }
}
