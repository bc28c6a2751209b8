package com.subdecide;

import com.subdecide.rules.RuleFolders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The whole service started on a given data directory and rule folders, as a restart would find them. */
public final class Services {

    private Services() {
    }

    public static ConfigurableApplicationContext start(Path data, RuleFolders folders, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--decisions.embedded-postgres.data-dir=" + data, "--decisions.embedded-postgres.clean=false",
                "--decisions.rules.rules-dir=" + folders.path("rules"),
                "--decisions.rules.tables-dir=" + folders.path("decision-tables"),
                "--decisions.rules.solver-dir=" + folders.path("solver-config")));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(DecisionServiceApplication.class).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
