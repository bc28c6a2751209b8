package com.subdecide.intake;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * A batch that cannot be stored (the database is down, say) is read again and again, waiting from half a second up
 * to 30 s between tries, and never skipped: its offsets are committed only once it is stored. Records that fail the
 * event checks never get here; {@link KafkaEventIntake} keeps them and moves on.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "decisions.kafka.enabled", havingValue = "true")
class KafkaIntakeConfiguration {

    @Bean
    DefaultErrorHandler kafkaIntakeErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        // No elapsed-time limit: retried until stored.
        return new DefaultErrorHandler(backOff);
    }
}
