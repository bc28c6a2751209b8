package com.subdecide;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jar's commands and their usage, printed by {@code help} (or {@code --help}, {@code -h}) without starting
 * anything. A first argument that is neither a command nor a Spring option ({@code --name=value}) is refused.
 */
final class Commands {

    /** One command: its arguments (with defaults) and what it does. */
    record Command(String arguments, String summary) {
    }

    static final Map<String, Command> ALL = new LinkedHashMap<>();

    static {
        ALL.put("validate", new Command("[dir=.]", "validate the rule folders under dir (rules/, decision-tables/, "
                + "solver-config/) as the service does before a version goes live: the sandbox, compile, table checks "
                + "and scenarios; exit 0 valid, 1 not valid, 2 no folders"));
        ALL.put("generate-benefit-events", new Command("[users=3000] [seed=42] [base-url=$DECISIONS_BASE_URL or http://localhost:8080]",
                "post seeded synthetic shoppers (members with tiers, then their behavioural events) to a running "
                        + "service, as decider:decider"));
        ALL.put("generate-subscriptions", new Command("[customers=2000] [seed=11] [base-url=$DECISIONS_BASE_URL or http://localhost:8080] [without-usage]",
                "put seeded synthetic subscribers' plans and segments in the price book of a running service, then post "
                        + "their subscription histories (36 months, known churn) and recent sessions, as analyst:analyst"));
        ALL.put("generate-price-exposures", new Command("[per-plan=3000] [seed=11] [base-url=$DECISIONS_BASE_URL or http://localhost:8080]",
                "put the synthetic plans and segments in the price book, then post seeded price exposures with known "
                        + "elasticities (five prices per plan, every segment), as analyst:analyst"));
        ALL.put("generate-rotation-decisions", new Command("[months=500] [seed=7] [base-url=$DECISIONS_BASE_URL or http://localhost:8080]",
                "ask a running service for the rotation plans of seeded sample months, as decider:decider, so its "
                        + "decision log has decisions for what-if simulations to replay"));
        ALL.put("benchmark", new Command("[months=1000] [warmup=500]", "rotation decisions in process on the "
                + "benchmark shape: latency percentiles and the gap to the exact search"));
        ALL.put("benchmark-http", new Command("[url=http://localhost:8080/api/v1/decisions/rotation-plan] [clients=8] "
                + "[seconds=30] [platforms titles]", "rotation decisions over HTTP against a running service"));
        ALL.put("benchmark-year", new Command("[users=10000] [threads=cores] [platforms=6] [titles=30]",
                "12-month rotation simulations in process"));
        ALL.put("benchmark-sweep", new Command("[months=50] [max-budget=100] [platforms titles]",
                "budget sweeps in process, each point checked against an independent solve"));
        ALL.put("benchmark-reload", new Command("[base-url=http://localhost:8080] [tables-dir=decision-tables] "
                + "[edits=100]", "edit a watched table repeatedly and time edit to live, with Metaspace"));
        ALL.put("benchmark-events", new Command("[url=http://localhost:8080/api/v1/events] [clients=4] [seconds=30] "
                + "[batch=1000]", "post behavioural (or, to /api/v1/subscriptions/events, subscription) event batches to a running "
                + "service and report events/s"));
        ALL.put("benchmark-experiments", new Command("[experiments=10000] [looks=30] [seed=1]", "the experiment "
                + "statistics against known truths (A/A false positives fixed vs sequential, power and coverage at the "
                + "planned size, CUPED variance reduction) and assignments per second, in process"));
        ALL.put("benchmark-customer-models", new Command("[cohorts=20]", "the customer models against known answers: "
                + "shifted-beta-geometric parameter recovery on generated cohorts, Holt-Winters on the airline series "
                + "(held-out year and rolling-origin backtest)"));
        ALL.put("benchmark-assignments", new Command("[base-url=http://localhost:8080] [clients=8] [seconds=20]",
                "create and start an experiment on a running service (as analyst:analyst) and ask for assignments of "
                        + "new and returning users over HTTP"));
        ALL.put("benchmark-churn-scoring", new Command("[base-url=http://localhost:8080] [clients=8] [seconds=20] "
                + "[customers=2000] [seed=11]", "score the subscribed customers of generate-subscriptions over HTTP with "
                + "the trained churn model, one GET each and in batches of 1,000: customers/s and latency"));
        ALL.put("benchmark-population", new Command("[members=100000] [seconds=60] [seed=7] [dense|dense-empty]",
                "population benefit allocation under capacities in process: objective, bound and gap"));
        ALL.put("benchmark-pricing", new Command("[plans=20] [segments=10] [runs=3] [time-limit-seconds=10] [seed=1]",
                "price recommendations for generated portfolios (tier chains, a customer cap, a revenue target) in "
                        + "process: time, objective, bound and gap, from the relaxation's start and from current prices"));
        ALL.put("benchmark-campaigns", new Command("[base-url=http://localhost:8080] [users=100000] [events=50000] "
                + "[clients=4]", "on a running service: import new recipients, launch the welcome "
                + "and re-engage campaigns, post subscription events and time them until every candidate is decided "
                + "and logged, then time the daily sweep over every recipient"));
    }

    private Commands() {
    }

    static boolean isHelp(String argument) {
        return argument.equals("help") || argument.equals("--help") || argument.equals("-h");
    }

    /** Whether the first argument is for the service itself (no argument, or Spring's {@code --name=value}). */
    static boolean startsTheService(String argument) {
        return argument.isEmpty() || argument.startsWith("--");
    }

    static void usage(PrintStream out) {
        out.println("""
                Subscription decision service.

                Usage:
                  java -jar subscription-decisions.jar [--property=value ...]
                      start the service (HTTP on --server.port, default 8080; PostgreSQL embedded unless
                      SPRING_DATASOURCE_URL is set; every property in docs/configuration.md)
                  java -jar subscription-decisions.jar <command> [arguments]
                  java -jar subscription-decisions.jar help

                Commands:""");
        ALL.forEach((name, command) -> {
            out.println("  " + name + " " + command.arguments());
            out.println("      " + command.summary());
        });
    }
}
