package com.subdecide;

import com.subdecide.rotation.RotationPlanner;
import com.subdecide.rotation.RotationScenarios;
import com.subdecide.rules.ValidateCommand;
import com.subdecide.tools.HttpLoad;
import com.subdecide.tools.ReloadBenchmark;
import com.subdecide.tools.RotationBenchmark;
import com.subdecide.tools.SweepBenchmark;
import com.subdecide.tools.YearBenchmark;
import java.util.List;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The subscription decision service: rule-driven, solver-scored decisions over REST. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DecisionServiceApplication {

    /**
     * {@code java -jar … [command args…]}: with no command (or a Spring argument) the service starts; the commands
     * below run without Spring, for validation and benchmarks (see {@code docs/performance.md}).
     */
    public static void main(String[] args) throws Exception {
        String command = args.length > 0 ? args[0] : "";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        if (Commands.isHelp(command)) {
            Commands.usage(System.out);
            return;
        }
        if (Commands.ALL.containsKey(command) && rest.length > 0 && Commands.isHelp(rest[0])) {
            Commands.Command one = Commands.ALL.get(command);
            System.out.println("java -jar subscription-decisions.jar " + command + " " + one.arguments() + "\n    "
                    + one.summary());
            return;
        }
        if (!Commands.startsTheService(command) && !Commands.ALL.containsKey(command)) {
            System.err.println("unknown command '" + command + "'\n");
            Commands.usage(System.err);
            System.exit(2);
        }
        if (QUIET.contains(command)) {
            quietLogging();
        }
        switch (command) {
            case "benchmark" -> RotationBenchmark.main(rest);
            case "benchmark-http" -> HttpLoad.main(rest);
            case "benchmark-year" -> YearBenchmark.main(rest);
            case "benchmark-sweep" -> SweepBenchmark.main(rest);
            case "benchmark-reload" -> ReloadBenchmark.main(rest);
            case "benchmark-events" -> com.subdecide.tools.EventLoad.main(rest);
            case "benchmark-population" -> com.subdecide.tools.PopulationBenchmark.main(rest);
            case "generate-benefit-events" -> com.subdecide.tools.GenerateEvents.main(rest);
            case "generate-subscriptions" -> com.subdecide.tools.GenerateSubscriptions.main(rest);
            case "generate-price-exposures" -> com.subdecide.tools.GenerateExposures.main(rest);
            case "benchmark-churn-scoring" -> com.subdecide.tools.ChurnScoringLoad.main(rest);
            case "benchmark-pricing" -> com.subdecide.tools.PricingBenchmark.main(rest);
            case "benchmark-campaigns" -> com.subdecide.tools.CampaignLoad.main(rest);
            case "generate-rotation-decisions" -> com.subdecide.tools.GenerateDecisions.main(rest);
            case "benchmark-experiments" -> com.subdecide.tools.ExperimentBenchmark.main(rest);
            case "benchmark-assignments" -> com.subdecide.tools.AssignmentLoad.main(rest);
            case "benchmark-customer-models" -> com.subdecide.tools.CustomerModelBenchmark.main(rest);
            case "validate" -> System.exit(ValidateCommand.run(rest,
                    List.of(new RotationScenarios(new RotationPlanner()),
                            new com.subdecide.benefits.BenefitScenarios(new com.subdecide.benefits.BenefitAllocator()),
                            new com.subdecide.pricing.PricingScenarios(),
                            new com.subdecide.campaigns.CampaignScenarios()),
                    System.out));
            default -> SpringApplication.run(DecisionServiceApplication.class, args);
        }
    }

    /** In-process commands: only warnings belong in their output (the HTTP clients print nothing else anyway). */
    private static final java.util.Set<String> QUIET = java.util.Set.of("benchmark", "benchmark-year", "benchmark-sweep",
            "benchmark-population", "benchmark-pricing",
            "benchmark-experiments", "benchmark-customer-models", "validate");

    /** Root logger at WARN. */
    private static void quietLogging() {
        org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(ch.qos.logback.classic.Level.WARN);
            // Drools' advice on package names versus folders is not for analysts.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                    "org.drools.compiler.kie.builder.impl.KieBuilderImpl")).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
