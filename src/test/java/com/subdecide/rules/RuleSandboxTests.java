package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSandboxTests {

    private static final String HEADER = """
            package com.subdecide.rules.rotation;
            import com.subdecide.rotation.domain.WatchTitle;
            import java.math.BigDecimal;
            import java.util.List;
            """;

    private static List<RuleSandbox.Violation> check(String body) {
        return RuleSandbox.check(HEADER + body);
    }

    @Test
    void theShippedRulesUseOnlyWhatIsAllowed() {
        RuleSet shipped = RuleFolders.loadShipped();
        shipped.contents().forEach((path, bytes) -> {
            if (path.endsWith(".drl")) {
                assertThat(RuleSandbox.check(new String(bytes, StandardCharsets.UTF_8))).as(path).isEmpty();
            }
        });
    }

    @Test
    void domainFactsMathDecimalsTimeAndCollectionsAreAllowed() {
        assertThat(check("""
                rule "fine"
                when
                    $t : WatchTitle(recScore > 0.5, Math.abs(progress) < 2)
                then
                    $t.setEmphasis(new BigDecimal("1.5").doubleValue() * Math.max(1, 2));
                    List<String> names = new java.util.ArrayList<>();
                    java.time.LocalDate.now().plusDays(3);
                end
                """)).isEmpty();
    }

    @Test
    void theProcessThreadsReflectionFilesAndNetworkAreRefusedAtTheirLine() {
        List<RuleSandbox.Violation> violations = check("""
                rule "bad"
                when
                    $t : WatchTitle()
                then
                    System.exit(1);
                    Runtime.getRuntime().exec("rm -rf /");
                    new Thread(() -> {}).start();
                    Class.forName("x");
                    $t.getClass().getClassLoader();
                    new java.io.File("/etc/passwd");
                    java.net.URI.create("http://example.com");
                end
                """);
        assertThat(violations).extracting(RuleSandbox.Violation::line).contains(9, 10, 11, 12, 13, 14, 15);
        assertThat(violations).extracting(RuleSandbox.Violation::token)
                .contains("System", "Runtime", "Thread", "Class", "getClass", "java.io.File", "java.net.URI");
    }

    @Test
    void importsOutsideTheAllowlistAreRefused() {
        List<RuleSandbox.Violation> violations = RuleSandbox.check("""
                package x;
                import java.util.concurrent.Executors;
                import java.nio.file.Files;
                import java.lang.reflect.Method;
                import java.util.Map;
                """);
        assertThat(violations).extracting(RuleSandbox.Violation::line).containsExactly(2, 3, 4);
    }

    @Test
    void wordsInsideStringsAndCommentsAreNotCode() {
        assertThat(check("""
                // System.exit is mentioned here only
                /* Runtime too */
                rule "System.exit(1) in a name"
                when
                    $t : WatchTitle(name == "System.exit")
                then
                end
                """)).isEmpty();
    }
}
