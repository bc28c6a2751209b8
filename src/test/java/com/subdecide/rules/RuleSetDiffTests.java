package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleSetDiffTests {

    @TempDir
    Path temp;

    @Test
    void tablesAreDiffedCellByCellAndTextAsAUnifiedDiff() throws Exception {
        RuleFolders folders = RuleFolders.copyOfShipped(temp);
        Map<String, byte[]> before = RuleSetLoader.read(folders.properties());
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "D10", 4);
        folders.setCell("decision-tables/urgency.drl.xlsx", "Urgency", "B12", 2);
        String drl = Files.readString(folders.path("rules/rotation-valuation.drl"));
        folders.write("rules/rotation-valuation.drl", drl.replace("leavesWithinDays(3)", "leavesWithinDays(5)"));
        folders.write("rules/extra.drl", "package com.subdecide.rules.rotation;\n");
        Map<String, byte[]> after = RuleSetLoader.read(folders.properties());

        List<RuleSetDiff.FileChange> changes = RuleSetDiff.between(before, after);
        assertThat(changes).extracting(RuleSetDiff.FileChange::path).containsExactly(
                "decision-tables/urgency.drl.xlsx", "rules/extra.drl", "rules/rotation-valuation.drl");
        assertThat(changes.get(0).status()).isEqualTo("changed");
        assertThat(changes.get(0).changes()).containsExactly("Urgency!D10: 5 -> 4", "Urgency!B12: (empty) -> 2");
        assertThat(changes.get(1).status()).isEqualTo("added");
        assertThat(changes.get(2).changes()).contains("-    $t : WatchTitle(priority == \"MUST_WATCH\", status != \"COMPLETED\", "
                + "status != \"HIBERNATING\", leavesWithinDays(3))");
        assertThat(String.join("\n", changes.get(2).changes())).contains("leavesWithinDays(5)");
        assertThat(RuleSetDiff.between(after, after)).isEmpty();
        assertThat(new String(after.get("rules/extra.drl"), StandardCharsets.UTF_8)).startsWith("package");
    }
}
