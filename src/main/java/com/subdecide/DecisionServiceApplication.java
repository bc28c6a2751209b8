package com.subdecide;

import com.subdecide.rotation.RotationBenchmark;
import com.subdecide.rotation.HttpLoad;
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
        SpringApplication.run(DecisionServiceApplication.class, args);
    }
}
