package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.solver.SolverConfig;

/**
 * Compiles a rule set from its three folders: every {@code *.drl} under the rules folder, every
 * {@code *.drl.xlsx} / {@code *.drl.csv} under the tables folder, every {@code *.xml} under the solver folder.
 * Either all of it compiles, or {@link RuleSetCompilationException} lists every problem where the analyst
 * wrote it.
 */
public final class RuleSetLoader {

    private static final String KFS_ROOT = "src/main/resources/";

    private RuleSetLoader() {
    }

    /** Reads the folders named by {@code properties} from disk and compiles them. */
    public static RuleSet load(RulesProperties properties) {
        Map<String, byte[]> files = new TreeMap<>();
        read(Path.of(properties.rulesDir()), "rules", files, name -> name.endsWith(".drl"));
        read(Path.of(properties.tablesDir()), "decision-tables", files,
                name -> name.endsWith(".drl.xlsx") || name.endsWith(".drl.csv"));
        read(Path.of(properties.solverDir()), "solver-config", files, name -> name.endsWith(".xml"));
        return compile(files);
    }

    /**
     * Compiles a rule set from its files, keyed by path relative to the project top level
     * ({@code rules/…}, {@code decision-tables/…}, {@code solver-config/…}).
     */
    public static RuleSet compile(Map<String, byte[]> files) {
        List<RuleProblem> problems = new ArrayList<>();
        RuleLocations locations = new RuleLocations();
        Map<String, DecisionTableCompiler.Compiled> tables = new LinkedHashMap<>();
        Map<String, DecisionTableCompiler> tableCompilers = new LinkedHashMap<>();
        Map<String, SolverFactory<?>> solvers = new LinkedHashMap<>();

        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();
        String version = versionOf(files);
        ReleaseId releaseId = kie.newReleaseId("com.subdecide.rulesets", "ruleset", "1.0.0-" + version.substring(7, 23));
        kfs.generateAndWritePomXML(releaseId);

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            if (name.endsWith(".drl")) {
                String drl = new String(file.getValue(), StandardCharsets.UTF_8);
                locations.addDrl(name, drl);
                kfs.write(KFS_ROOT + name, drl);
            } else if (name.endsWith(".drl.xlsx") || name.endsWith(".drl.csv")) {
                DecisionTableCompiler compiler = new DecisionTableCompiler(name, file.getValue());
                try {
                    DecisionTableCompiler.Compiled compiled = compiler.compile();
                    tables.put(name, compiled);
                    tableCompilers.put(name, compiler);
                    for (DecisionTableCompiler.TableRow row : compiled.rows()) {
                        locations.add(row.packageName(), row.ruleName(), compiler.label(row),
                                compiler.cellRef(row, row.firstColumn()));
                    }
                    kfs.write(KFS_ROOT + name + ".generated.drl", compiled.drl());
                } catch (RuntimeException e) {
                    problems.add(new RuleProblem(name, "the table cannot be read: " + rootMessage(e)));
                }
            } else if (name.endsWith(".xml")) {
                try {
                    SolverConfig config = SolverConfig.createFromXmlInputStream(new ByteArrayInputStream(file.getValue()));
                    solvers.put(name, SolverFactory.create(config));
                } catch (RuntimeException e) {
                    problems.add(new RuleProblem(name, "the solver configuration is invalid: " + rootMessage(e)));
                }
            }
        }

        KieBuilder builder = kie.newKieBuilder(kfs).buildAll();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            problems.add(locate(message, tables, tableCompilers));
        }
        if (!problems.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new RuleSetCompilationException(problems);
        }
        KieContainer container = kie.newKieContainer(releaseId);
        // The container keeps what it needs; the repository entry would only pin every old version in memory.
        kie.getRepository().removeKieModule(releaseId);
        return new RuleSet(version, container.getKieBase(), locations, solvers, List.copyOf(files.keySet()));
    }

    private static RuleProblem locate(Message message, Map<String, DecisionTableCompiler.Compiled> tables,
            Map<String, DecisionTableCompiler> compilers) {
        String path = message.getPath() == null ? "" : message.getPath();
        String file = path.startsWith(KFS_ROOT) ? path.substring(KFS_ROOT.length()) : path;
        String text = message.getText() == null ? "" : message.getText().trim();
        if (file.endsWith(".generated.drl")) {
            String table = file.substring(0, file.length() - ".generated.drl".length());
            DecisionTableCompiler.Compiled compiled = tables.get(table);
            String[] lines = compiled.drl().split("\n", -1);
            int line = message.getLine();
            String lineText = line >= 1 && line <= lines.length ? lines[line - 1] : null;
            return new RuleProblem(compilers.get(table).locate(compiled.rows(), line, lineText, text),
                    "this cell does not make a valid rule: " + text);
        }
        return new RuleProblem(message.getLine() > 0 ? file + ":" + message.getLine() : file, text);
    }

    static String versionOf(Map<String, byte[]> files) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : new TreeMap<>(files).entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue());
                digest.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void read(Path dir, String prefix, Map<String, byte[]> files,
            java.util.function.Predicate<String> accept) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                if (accept.test(relative) && !relative.startsWith("~$") && !relative.contains("/~$")) {
                    files.put(prefix + "/" + relative, Files.readAllBytes(path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }
}
