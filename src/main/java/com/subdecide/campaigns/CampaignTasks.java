package com.subdecide.campaigns;

import com.github.kagkarlsson.scheduler.task.Task;
import com.subdecide.system.Jobs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The daily sweep of time-based triggers, run by one node whatever their number. The event-queue poller and the
 * delivery workers run on every node: they claim rows (a transaction lock, leases), so nodes share the work.
 */
@Configuration(proxyBeanMethods = false)
class CampaignTasks {

    @Bean
    Task<Void> campaignSweepTask(CampaignTriggers triggers, @Value("${decisions.campaigns.sweep-cron}") String cron) {
        return Jobs.recurring("campaign-sweep", cron, triggers::scheduledSweep);
    }
}
