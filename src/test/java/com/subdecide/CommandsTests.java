package com.subdecide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code help} prints every command's usage and starts nothing. */
class CommandsTests {

    private static String run(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            DecisionServiceApplication.main(args);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheServiceAndEveryCommandWithoutStartingAnything() throws Exception {
        for (String help : new String[] {"help", "--help", "-h"}) {
            String usage = run(help);
            assertThat(usage).contains("java -jar subscription-decisions.jar [--property=value ...]");
            Commands.ALL.keySet().forEach(command -> assertThat(usage).contains("  " + command + " "));
        }
        assertThat(run("benchmark-events", "--help")).startsWith("java -jar subscription-decisions.jar benchmark-events")
                .contains("events/s");
    }

    @Test
    void onlyCommandsAndSpringOptionsAreFirstArguments() {
        assertThat(Commands.startsTheService("")).isTrue();
        assertThat(Commands.startsTheService("--server.port=9090")).isTrue();
        assertThat(Commands.startsTheService("serve")).isFalse();
        assertThat(Commands.ALL).containsKeys("validate", "generate-benefit-events", "benchmark-population");
    }
}
