package com.subdecide;

import com.subdecide.rotation.RotationBenchmark;
import com.subdecide.rotation.HttpLoad;
import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationScenarios;
import com.subdecide.rotation.SweepBenchmark;
import com.subdecide.rotation.YearBenchmark;
import com.subdecide.rules.ReloadBenchmark;
import com.subdecide.rules.ValidateCommand;
import java.util.List;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The subscription decision service: rule-driven, solver-scored decisions over REST. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DecisionServiceApplication {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("benchmark")) {
            RotationBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-http")) {
            HttpLoad.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-year")) {
            quietLogging();
            YearBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-sweep")) {
            quietLogging();
            SweepBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("benchmark-reload")) {
            ReloadBenchmark.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("validate")) {
            quietLogging();
            int status = ValidateCommand.run(Arrays.copyOfRange(args, 1, args.length),
                    List.of(new RotationScenarios(new RotationPlanner())), System.out);
            System.exit(status);
        }
        SpringApplication.run(DecisionServiceApplication.class, args);
    }

    /** Commands run without Spring; only warnings belong in their output. */
    private static void quietLogging() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }
}
