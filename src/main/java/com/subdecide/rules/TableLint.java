package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * Checks a decision table beyond compiling: numeric ranges with gaps or overlaps, rows that can never fire, and
 * rows with the same conditions. A range is a pair of condition columns on one field, one with {@code >=} or
 * {@code >} and one with {@code <} or {@code <=}, or one column {@code x >= $1 && x < $2} holding "low, high".
 * Overlapping or identical rows with different outcomes are errors (the result would depend on firing order),
 * except in tables whose rows insert facts, where rows with the same conditions are meant to add up; the rest
 * are warnings.
 */
final class TableLint {

    private static final Pattern BOUND = Pattern.compile("^\\s*(.+?)\\s*(>=|>|<=|<)\\s*\\$(?:param|1)\\s*;?\\s*$");
    private static final Pattern BOTH = Pattern.compile(
            "^\\s*(.+?)\\s*(>=|>)\\s*\\$1\\s*(?:&&|,)\\s*(.+?)\\s*(<=|<)\\s*\\$2\\s*;?\\s*$");
    private static final DataFormatter FORMAT = new DataFormatter();

    private record Column(int index, String kind, String objectType, String snippet, String header) {
    }

    /** One numeric range of one row. */
    private record Span(int row, BigDecimal low, boolean lowIncluded, BigDecimal high, boolean highIncluded,
            String key, String outcome, String lowCell) {
    }

    private TableLint() {
    }

    static List<RuleProblem.Finding> check(String file, byte[] content) {
        List<RuleProblem.Finding> findings = new ArrayList<>();
        if (!file.endsWith(".xlsx")) {
            return findings;
        }
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        if (text(cell).toLowerCase().startsWith("ruletable ")) {
                            checkTable(file, sheet, cell.getRowIndex(), cell.getColumnIndex(), findings);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable table is reported by the compiler; there is nothing more to check.
        }
        return findings;
    }

    private static void checkTable(String file, Sheet sheet, int top, int left, List<RuleProblem.Finding> findings) {
        List<Column> columns = columns(sheet, top, left);
        if (columns.isEmpty()) {
            return;
        }
        List<Integer> dataRows = new ArrayList<>();
        for (int r = top + 5; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row == null || columns.stream().allMatch(c -> text(row.getCell(c.index())).isEmpty())) {
                break;
            }
            dataRows.add(r);
        }
        String where = file + "!" + sheet.getSheetName() + "!";
        // A table whose rows insert facts adds them up: rows with the same conditions are meant to all fire.
        boolean additive = columns.stream().anyMatch(c -> c.kind().startsWith("ACTION") && c.snippet().contains("insert("));
        checkSameConditions(sheet, columns, dataRows, where, findings, additive);
        checkRanges(sheet, columns, dataRows, where, findings);
    }

    private static List<Column> columns(Sheet sheet, int top, int left) {
        List<Column> columns = new ArrayList<>();
        Row kinds = sheet.getRow(top + 1);
        if (kinds == null) {
            return columns;
        }
        String objectType = "";
        for (int c = left; c < kinds.getLastCellNum(); c++) {
            String kind = text(kinds.getCell(c)).toUpperCase();
            if (kind.isEmpty()) {
                continue;
            }
            String type = cellText(sheet, top + 2, c);
            if (!type.isEmpty()) {
                objectType = type;
            }
            columns.add(new Column(c, kind, kind.startsWith("CONDITION") ? objectType : "", cellText(sheet, top + 3, c),
                    cellText(sheet, top + 4, c)));
        }
        return columns;
    }

    private static void checkSameConditions(Sheet sheet, List<Column> columns, List<Integer> rows, String where,
            List<RuleProblem.Finding> findings, boolean additive) {
        Map<String, Integer> firstWith = new LinkedHashMap<>();
        for (int r : rows) {
            String conditions = values(sheet, columns, r, true);
            Integer earlier = firstWith.putIfAbsent(conditions, r);
            if (earlier != null) {
                boolean sameOutcome = values(sheet, columns, r, false).equals(values(sheet, columns, earlier, false));
                if (additive && !sameOutcome) {
                    continue;
                }
                String cell = where + CellReference.convertNumToColString(columns.get(0).index()) + (r + 1);
                findings.add(new RuleProblem.Finding(cell, !sameOutcome, sameOutcome
                        ? "row " + (r + 1) + " repeats row " + (earlier + 1) + " and adds nothing"
                        : "rows " + (earlier + 1) + " and " + (r + 1) + " have the same conditions but different "
                                + "outcomes: which one wins would depend on firing order"));
            }
        }
    }

    private static void checkRanges(Sheet sheet, List<Column> columns, List<Integer> rows, String where,
            List<RuleProblem.Finding> findings) {
        Map<String, Column[]> ranges = new LinkedHashMap<>();
        for (Column column : columns) {
            if (!column.kind().startsWith("CONDITION")) {
                continue;
            }
            Matcher both = BOTH.matcher(column.snippet());
            if (both.matches() && both.group(1).equals(both.group(3))) {
                ranges.put(column.objectType() + "|" + both.group(1), new Column[] {column, null});
                continue;
            }
            Matcher bound = BOUND.matcher(column.snippet());
            if (bound.matches()) {
                Column[] pair = ranges.computeIfAbsent(column.objectType() + "|" + bound.group(1), k -> new Column[2]);
                pair[bound.group(2).startsWith(">") ? 0 : 1] = column;
            }
        }
        for (Column[] pair : ranges.values()) {
            if (pair[0] == null || pair[1] == null && !BOTH.matcher(pair[0].snippet()).matches()) {
                continue;
            }
            List<Column> others = columns.stream()
                    .filter(c -> c.kind().startsWith("CONDITION") && c != pair[0] && c != pair[1]).toList();
            Map<String, List<Span>> groups = new LinkedHashMap<>();
            for (int r : rows) {
                Span span = span(sheet, pair, others, columns, r, where);
                if (span == null) {
                    continue;
                }
                if (isEmpty(span)) {
                    findings.add(new RuleProblem.Finding(span.lowCell(), false, "row " + (r + 1)
                            + " can never fire: no value is " + describe(span)));
                    continue;
                }
                groups.computeIfAbsent(span.key(), k -> new ArrayList<>()).add(span);
            }
            String field = pair[0].header().isEmpty() ? pair[0].snippet() : pair[0].header();
            groups.values().forEach(spans -> compareNeighbours(spans, field, findings));
        }
    }

    private static void compareNeighbours(List<Span> spans, String field, List<RuleProblem.Finding> findings) {
        spans.sort(Comparator.comparing(Span::low, Comparator.nullsFirst(Comparator.naturalOrder())));
        Span reach = null;
        for (Span next : spans) {
            if (reach != null) {
                int order = reach.high() == null || next.low() == null ? 1 : reach.high().compareTo(next.low());
                boolean overlap = order > 0 || order == 0 && reach.highIncluded() && next.lowIncluded();
                boolean gap = order < 0 || order == 0 && !reach.highIncluded() && !next.lowIncluded();
                if (overlap) {
                    boolean conflicting = !reach.outcome().equals(next.outcome());
                    findings.add(new RuleProblem.Finding(next.lowCell(), conflicting, "rows " + (reach.row() + 1)
                            + " and " + (next.row() + 1) + " overlap (" + describe(reach) + " and " + describe(next)
                            + ")" + (conflicting ? " with different outcomes: which one wins would depend on firing order"
                                    : "")));
                } else if (gap) {
                    findings.add(new RuleProblem.Finding(next.lowCell(), false, "gap between rows " + (reach.row() + 1)
                            + " and " + (next.row() + 1) + ": no row covers " + field + " from " + reach.high()
                            + (reach.highIncluded() ? " (excluded)" : "") + " to " + next.low()
                            + (next.lowIncluded() ? " (excluded)" : "")));
                }
            }
            if (reach == null || reach.high() != null && (next.high() == null || next.high().compareTo(reach.high()) > 0)) {
                reach = next;
            }
        }
    }

    private static Span span(Sheet sheet, Column[] pair, List<Column> others, List<Column> columns, int r,
            String where) {
        String lowText = cellText(sheet, r, pair[0].index());
        String highText = pair[1] == null ? "" : cellText(sheet, r, pair[1].index());
        Matcher both = BOTH.matcher(pair[0].snippet());
        boolean highIncluded;
        if (pair[1] == null) {
            String[] parts = lowText.split("\\s*,\\s*");
            if (parts.length != 2) {
                return null;
            }
            lowText = parts[0];
            highText = parts[1];
            both.matches();
            highIncluded = both.group(4).equals("<=");
        } else {
            highIncluded = BOUND.matcher(pair[1].snippet()).replaceAll("$2").equals("<=");
        }
        if (lowText.isEmpty() && highText.isEmpty()) {
            return null;
        }
        BigDecimal low = number(lowText);
        BigDecimal high = number(highText);
        if (low == null && !lowText.isEmpty() || high == null && !highText.isEmpty()) {
            return null;
        }
        boolean lowIncluded = (pair[1] == null ? both.group(2) : BOUND.matcher(pair[0].snippet()).replaceAll("$2"))
                .equals(">=");
        StringBuilder key = new StringBuilder();
        others.forEach(c -> key.append(cellText(sheet, r, c.index())).append('\u0001'));
        String outcome = values(sheet, columns, r, false);
        String cell = where + CellReference.convertNumToColString(pair[0].index()) + (r + 1);
        return new Span(r, low, lowIncluded, high, highIncluded, key.toString(), outcome, cell);
    }

    private static boolean isEmpty(Span span) {
        if (span.low() == null || span.high() == null) {
            return false;
        }
        int order = span.low().compareTo(span.high());
        return order > 0 || order == 0 && !(span.lowIncluded() && span.highIncluded());
    }

    private static String describe(Span span) {
        String low = span.low() == null ? "" : (span.lowIncluded() ? ">= " : "> ") + span.low().toPlainString();
        String high = span.high() == null ? "" : (span.highIncluded() ? "<= " : "< ") + span.high().toPlainString();
        return low.isEmpty() ? high : high.isEmpty() ? low : low + " and " + high;
    }

    private static String values(Sheet sheet, List<Column> columns, int r, boolean conditions) {
        StringBuilder out = new StringBuilder();
        for (Column column : columns) {
            if (column.kind().startsWith("CONDITION") == conditions) {
                out.append(cellText(sheet, r, column.index())).append('\u0001');
            }
        }
        return out.toString();
    }

    private static BigDecimal number(String text) {
        try {
            return text.isEmpty() ? null : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String cellText(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row);
        return r == null ? "" : text(r.getCell(column));
    }

    private static String text(Cell cell) {
        return cell == null ? "" : Objects.requireNonNullElse(FORMAT.formatCellValue(cell), "").trim();
    }
}
