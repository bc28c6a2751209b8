package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;

/**
 * The class loader behind the sandbox, tried with rule code the sandbox never sees: each escape is compiled
 * straight through Drools with only {@link RuleClassLoader} to resolve types, and fails to compile.
 */
class RuleClassLoaderTests {

    private static List<String> compileWithoutSandbox(String consequence) {
        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();
        kfs.write("src/main/resources/rules/escape.drl", """
                package com.subdecide.rules.escape;
                import com.subdecide.rotation.domain.WatchTitle;
                rule "escape" when $t : WatchTitle() then
                """ + consequence + "\nend\n");
        KieBuilder builder = kie.newKieBuilder(kfs, new RuleClassLoader(RuleClassLoaderTests.class.getClassLoader()))
                .buildAll();
        return builder.getResults().getMessages(Message.Level.ERROR).stream().map(Message::getText).toList();
    }

    @Test
    void typesOutsideTheAllowlistAreNotThereForTheCompiler() {
        assertThat(compileWithoutSandbox("new java.io.File(\"x\").delete();")).isNotEmpty();
        assertThat(compileWithoutSandbox("java.lang.Runtime.getRuntime().exit(0);")).isNotEmpty();
        assertThat(compileWithoutSandbox("System.exit(0);")).isNotEmpty();
        assertThat(compileWithoutSandbox("new Thread().start();")).isNotEmpty();
        assertThat(compileWithoutSandbox("Object o = \"\".getClass().forName(\"java.lang.ProcessBuilder\")"
                + ".getConstructor(new Class[0]);")).isNotEmpty();
        assertThat(compileWithoutSandbox("Object o = Class.forName(\"java.lang.ProcessBuilder\");")).isNotEmpty();
        assertThat(compileWithoutSandbox("Object o = \"\".getClass().getMethod(\"length\").invoke(\"\");")).isNotEmpty();
    }

    @Test
    void whatRulesMayUseCompiles() {
        assertThat(compileWithoutSandbox("$t.setEmphasis(Math.max(1, java.math.BigDecimal.ONE.doubleValue()));")).isEmpty();
    }

    @Test
    void atLinkTimeOnlyPermittedTypesResolve() throws Exception {
        RuleClassLoader loader = new RuleClassLoader(getClass().getClassLoader());
        assertThat(loader.loadClass("java.lang.String")).isSameAs(String.class);
        assertThat(loader.loadClass("com.subdecide.rotation.domain.WatchTitle"))
                .isSameAs(com.subdecide.rotation.domain.WatchTitle.class);
        for (String refused : List.of("java.lang.ProcessBuilder", "java.lang.Runtime", "java.lang.System",
                "java.lang.Thread", "java.io.File", "java.lang.reflect.Method", "java.net.Socket",
                "com.subdecide.system.SecurityProperties")) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> loader.loadClass(refused)).as(refused)
                    .isInstanceOf(ClassNotFoundException.class);
        }
        assertThat(loader.getResource("java/lang/ProcessBuilder.class")).isNull();
        assertThat(loader.getResource("java/lang/String.class")).isNotNull();
    }
}
