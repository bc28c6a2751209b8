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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * {@code *.drl.xlsx} / {@code *.drl.csv} under the tables folder (and the analysts' test scenarios beside them),
 * every {@code *.xml} under the solver folder. Rule text is first held against {@link RuleSandbox}; either
 * all of it compiles, or {@link RuleSetCompilationException} lists every problem where the analyst wrote it.
 */
public final class RuleSetLoader {

    private static final String KFS_ROOT = "src/main/resources/";
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+([\\w.$]+)\\s*;?", Pattern.MULTILINE);

    private RuleSetLoader() {
    }

    /** Reads the folders named by {@code properties} from disk and compiles them. */
    public static RuleSet load(RulesProperties properties) {
        return compile(read(properties));
    }

    /** The rule-set files in the folders named by {@code properties}, by path relative to the top level. */
    public static Map<String, byte[]> read(RulesProperties properties) {
        Map<String, byte[]> files = new TreeMap<>();
        read(Path.of(properties.rulesDir()), "rules", files);
        read(Path.of(properties.tablesDir()), "decision-tables", files);
        read(Path.of(properties.solverDir()), "solver-config", files);
        return files;
    }

    /**
     * Whether a path (relative to the top level) is a file a rule set is made of: {@code rules/**.drl},
     * {@code decision-tables/**.drl.xlsx|.drl.csv|.scenarios.xlsx|.json}, {@code solver-config/**.xml}.
     */
    public static boolean isRuleSetFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.startsWith("~$") || name.startsWith(".")) {
            return false;
        }
        if (path.startsWith("rules/")) {
            return path.endsWith(".drl");
        }
        if (path.startsWith("decision-tables/")) {
            return path.endsWith(".drl.xlsx") || path.endsWith(".drl.csv") || path.endsWith(".scenarios.xlsx")
                    || path.endsWith(".json");
        }
        return path.startsWith("solver-config/") && path.endsWith(".xml");
    }

    /**
     * Compiles a rule set from its files, keyed by path relative to the project top level
     * ({@code rules/…}, {@code decision-tables/…}, {@code solver-config/…}).
     */
    public static RuleSet compile(Map<String, byte[]> files) {
        List<RuleProblem> problems = new ArrayList<>();
        List<RuleProblem.Finding> warnings = new ArrayList<>();
        RuleLocations locations = new RuleLocations();
        Map<String, DecisionTableCompiler.Compiled> tables = new LinkedHashMap<>();
        Map<String, DecisionTableCompiler> tableCompilers = new LinkedHashMap<>();
        Map<String, SolverFactory<?>> solvers = new LinkedHashMap<>();
        Map<String, String> drls = new LinkedHashMap<>();
        boolean forbidden = false;

        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            if (name.endsWith(".drl")) {
                String drl = new String(file.getValue(), StandardCharsets.UTF_8);
                for (RuleSandbox.Violation v : RuleSandbox.check(drl)) {
                    problems.add(new RuleProblem(name + ":" + v.line(), v.message()));
                    forbidden = true;
                }
                locations.addDrl(name, drl);
                drls.put(name, drl);
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
                    String[] lines = compiled.drl().split("\n", -1);
                    List<RuleProblem> cells = TableCells.checkValues(name, file.getValue());
                    problems.addAll(cells);
                    forbidden |= !cells.isEmpty();
                    for (RuleSandbox.Violation v : cells.isEmpty() ? RuleSandbox.check(compiled.drl()) : List.<RuleSandbox.Violation>of()) {
                        problems.add(new RuleProblem(compiler.locateToken(compiled.rows(), v.line(),
                                lines[v.line() - 1], v.token()), v.message()));
                        forbidden = true;
                    }
                    for (RuleProblem.Finding finding : TableLint.check(name, file.getValue())) {
                        if (finding.error()) {
                            problems.add(new RuleProblem(finding.location(), finding.message()));
                        } else {
                            warnings.add(finding);
                        }
                    }
                    drls.put(name + ".generated.drl", compiled.drl());
                } catch (RuntimeException e) {
                    problems.add(new RuleProblem(name, "the table cannot be read: " + rootMessage(e)));
                }
            } else if (name.startsWith("solver-config/") && name.endsWith(".xml")) {
                solverConfig(name, file.getValue(), problems, solvers);
            }
        }
        if (forbidden) {
            // Rule text that reaches outside the allowlist is not handed to the compiler at all.
            throw new RuleSetCompilationException(dedupe(problems));
        }

        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();
        String version = versionOf(files);
        ReleaseId releaseId = kie.newReleaseId("com.subdecide.rulesets", "ruleset", "1.0.0-" + version.substring(7, 23));
        kfs.generateAndWritePomXML(releaseId);
        drls.forEach((path, drl) -> kfs.write(KFS_ROOT + path, drl));
        // Compiled against, and later linked through, a class loader that knows only what rules may use.
        ClassLoader rulesLoader = new RuleClassLoader(RuleSetLoader.class.getClassLoader());
        KieBuilder builder = kie.newKieBuilder(kfs, rulesLoader).buildAll();
        Map<String, String> knownTypes = knownTypes(drls.values());
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        for (Message message : errors) {
            if (errors.size() > 1 && "Parser returned a null Package".equals(message.getText())) {
                continue;
            }
            problems.add(locate(message, tables, tableCompilers, knownTypes));
        }
        if (!problems.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new RuleSetCompilationException(dedupe(problems));
        }
        KieContainer container = kie.newKieContainer(releaseId, rulesLoader);
        // The container keeps what it needs; the repository entry would only pin every old version in memory.
        kie.getRepository().removeKieModule(releaseId);
        return new RuleSet(version, container.getKieBase(), locations, solvers, files, warnings);
    }

    private static void solverConfig(String name, byte[] content, List<RuleProblem> problems,
            Map<String, SolverFactory<?>> solvers) {
        List<RuleProblem> refused = SolverConfigPolicy.check(name, content);
        if (!refused.isEmpty()) {
            problems.addAll(refused);
            return;
        }
        try {
            SolverConfig config = SolverConfig.createFromXmlInputStream(new ByteArrayInputStream(content));
            solvers.put(name, SolverFactory.create(config));
        } catch (RuntimeException e) {
            problems.add(new RuleProblem(name, "the solver configuration is invalid: " + rootMessage(e)));
        }
    }

    private static List<RuleProblem> dedupe(List<RuleProblem> problems) {
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    /** Simple name to class name of every type the rule set's DRL and tables import. */
    private static Map<String, String> knownTypes(Iterable<String> drls) {
        Map<String, String> types = new HashMap<>();
        for (String drl : drls) {
            Matcher m = IMPORT.matcher(drl);
            while (m.find()) {
                String name = m.group(1);
                types.put(name.substring(name.lastIndexOf('.') + 1), name);
            }
        }
        return types;
    }

    private static RuleProblem locate(Message message, Map<String, DecisionTableCompiler.Compiled> tables,
            Map<String, DecisionTableCompiler> compilers, Map<String, String> knownTypes) {
        String path = message.getPath() == null ? "" : message.getPath();
        String file = path.startsWith(KFS_ROOT) ? path.substring(KFS_ROOT.length()) : path;
        String text = message.getText() == null ? "" : message.getText().trim();
        String plain = PlainWords.say(text, knownTypes);
        if (file.endsWith(".generated.drl")) {
            String table = file.substring(0, file.length() - ".generated.drl".length());
            DecisionTableCompiler.Compiled compiled = tables.get(table);
            String[] lines = compiled.drl().split("\n", -1);
            int line = message.getLine();
            String lineText = line >= 1 && line <= lines.length ? lines[line - 1] : null;
            return new RuleProblem(compilers.get(table).locate(compiled.rows(), line, lineText, text),
                    "this cell does not make a valid rule: " + plain);
        }
        return new RuleProblem(message.getLine() > 0 ? file + ":" + message.getLine() : file, plain);
    }

    /** The version of a set of rule-set files: SHA-256 over every path and its bytes, in path order. */
    public static String versionOf(Map<String, byte[]> files) {
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

    private static void read(Path dir, String prefix, Map<String, byte[]> files) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).sorted().toList()) {
                String relative = prefix + "/" + dir.relativize(path).toString().replace('\\', '/');
                if (isRuleSetFile(relative)) {
                    files.put(relative, Files.readAllBytes(path));
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
