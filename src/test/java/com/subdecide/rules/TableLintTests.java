package com.subdecide.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class TableLintTests {

    /** A range table on recScore: From (>=) and To (<) columns, an action setting the emphasis. */
    static byte[] rangeTable(Object[][] rows) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Bands");
            String[][] header = {
                    {"RuleSet", "com.subdecide.rules.rotation"},
                    {"Import", "com.subdecide.rotation.domain.WatchTitle"},
                    {},
                    {"RuleTable Bands"},
                    {"CONDITION", "CONDITION", "ACTION"},
                    {"$t : WatchTitle"},
                    {"recScore >= $param", "recScore < $param", "$t.setEmphasis($param);"},
                    {"Score from", "Score to", "Emphasis"}};
            for (int r = 0; r < header.length; r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < header[r].length; c++) {
                    row.createCell(c + 1).setCellValue(header[r][c]);
                }
            }
            for (int r = 0; r < rows.length; r++) {
                Row row = sheet.createRow(9 + r);
                for (int c = 0; c < rows[r].length; c++) {
                    if (rows[r][c] != null) {
                        row.createCell(c + 1).setCellValue(((Number) rows[r][c]).doubleValue());
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<RuleProblem.Finding> lint(Object[][] rows) {
        return TableLint.check("decision-tables/bands.drl.xlsx", rangeTable(rows));
    }

    @Test
    void contiguousRangesAreClean() {
        assertThat(lint(new Object[][] {{0, 0.5, 1}, {0.5, 0.8, 2}, {0.8, null, 3}})).isEmpty();
    }

    @Test
    void aGapIsAWarningAtTheRowAfterIt() {
        List<RuleProblem.Finding> findings = lint(new Object[][] {{0, 0.5, 1}, {0.6, 1, 2}});
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.error()).isFalse();
            assertThat(f.location()).isEqualTo("decision-tables/bands.drl.xlsx!Bands!B11");
            assertThat(f.message()).contains("gap between rows 10 and 11", "0.5", "0.6");
        });
    }

    @Test
    void anOverlapWithDifferentOutcomesIsAnError() {
        List<RuleProblem.Finding> findings = lint(new Object[][] {{0, 0.6, 1}, {0.5, 1, 2}});
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.error()).isTrue();
            assertThat(f.location()).endsWith("!Bands!B11");
            assertThat(f.message()).contains("rows 10 and 11 overlap", "different outcomes");
        });
    }

    @Test
    void aRowWithAnEmptyRangeCanNeverFire() {
        List<RuleProblem.Finding> findings = lint(new Object[][] {{0, 0.5, 1}, {0.5, 1, 2}, {0.9, 0.2, 3}});
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.location()).endsWith("!Bands!B12");
            assertThat(f.message()).contains("row 12 can never fire");
        });
    }

    @Test
    void identicalConditionsWithDifferentOutcomesAreAnError() {
        List<RuleProblem.Finding> findings = lint(new Object[][] {{0, 0.5, 1}, {0, 0.5, 2}});
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.error()).isTrue();
            assertThat(f.message()).contains("rows 10 and 11 have the same conditions but different outcomes");
        });
    }

    @Test
    void theShippedTablesAreClean() {
        RuleFolders.loadShipped().contents().forEach((path, bytes) -> {
            if (path.endsWith(".drl.xlsx")) {
                assertThat(TableLint.check(path, bytes)).as(path).isEmpty();
            }
        });
    }
}
