package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * Runs every {@code *.scenarios.xlsx} workbook of a rule set. In each sheet, the first row whose first filled
 * cell is "Scenario" is the header row; each filled row below it is one scenario, run by the
 * {@link ScenarioRunner} named like the sheet.
 */
public final class Scenarios {

    private Scenarios() {
    }

    public static ScenarioReport run(RuleSet ruleSet, Collection<? extends ScenarioRunner> runners) {
        Map<String, ScenarioRunner> bySheet = new LinkedHashMap<>();
        runners.forEach(r -> bySheet.put(r.sheet().toLowerCase(), r));
        int passed = 0;
        List<ScenarioReport.Failure> failures = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : ruleSet.contents().entrySet()) {
            if (!file.getKey().endsWith(".scenarios.xlsx")) {
                continue;
            }
            List<Scenario> scenarios = new ArrayList<>();
            read(file.getKey(), file.getValue(), bySheet, scenarios, failures);
            for (Scenario scenario : scenarios) {
                ScenarioRunner runner = bySheet.get(scenario.sheet().toLowerCase());
                List<String> differences;
                try {
                    differences = runner.run(ruleSet, scenario);
                } catch (RuleLimitExceededException e) {
                    differences = List.of(e.getMessage());
                } catch (IllegalArgumentException e) {
                    differences = List.of("the row cannot be run: " + e.getMessage());
                } catch (RuntimeException e) {
                    differences = List.of("the decision failed: " + e);
                }
                if (differences.isEmpty()) {
                    passed++;
                } else {
                    failures.add(new ScenarioReport.Failure(scenario.location(), scenario.name(), differences));
                }
            }
        }
        return new ScenarioReport(passed, failures);
    }

    private static void read(String file, byte[] content, Map<String, ScenarioRunner> bySheet, List<Scenario> out,
            List<ScenarioReport.Failure> failures) {
        DataFormatter format = new DataFormatter();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            for (Sheet sheet : workbook) {
                ScenarioRunner runner = bySheet.get(sheet.getSheetName().toLowerCase());
                if (runner == null) {
                    failures.add(new ScenarioReport.Failure(file + "!" + sheet.getSheetName(), "",
                            List.of("no decision reads a sheet named '" + sheet.getSheetName() + "'; sheets may be "
                                    + String.join(", ", bySheet.values().stream().map(ScenarioRunner::sheet).toList()))));
                    continue;
                }
                Map<Integer, String> headers = null;
                for (Row row : sheet) {
                    Map<Integer, String> cells = new LinkedHashMap<>();
                    for (Cell cell : row) {
                        String text = format.formatCellValue(cell).trim();
                        if (!text.isEmpty()) {
                            cells.put(cell.getColumnIndex(), text);
                        }
                    }
                    if (cells.isEmpty()) {
                        continue;
                    }
                    if (headers == null) {
                        if (cells.values().iterator().next().equalsIgnoreCase("Scenario")) {
                            headers = cells;
                            List<String> unknown = cells.values().stream()
                                    .filter(h -> !h.equalsIgnoreCase("Scenario") && !runner.columns().contains(h)).toList();
                            if (!unknown.isEmpty()) {
                                failures.add(new ScenarioReport.Failure(file + "!" + sheet.getSheetName() + "!row "
                                        + (row.getRowNum() + 1), "", List.of("unknown column " + unknown
                                        + "; columns may be " + runner.columns())));
                                break;
                            }
                        }
                        continue;
                    }
                    Map<String, String> byHeader = new LinkedHashMap<>();
                    String name = "";
                    for (Map.Entry<Integer, String> cell : cells.entrySet()) {
                        String header = headers.get(cell.getKey());
                        if (header == null) {
                            continue;
                        }
                        if (header.equalsIgnoreCase("Scenario")) {
                            name = cell.getValue();
                        } else {
                            byHeader.put(header, cell.getValue());
                        }
                    }
                    if (!byHeader.isEmpty()) {
                        out.add(new Scenario(file, sheet.getSheetName(), row.getRowNum() + 1, name, byHeader));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            failures.add(new ScenarioReport.Failure(file, "", List.of("the workbook cannot be read: " + e.getMessage())));
        }
    }
}
