package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.drools.decisiontable.parser.csv.CsvLineParser;

/**
 * The two kinds of cells of a decision table. <b>Value cells</b> (the rows under a table's header row) are data:
 * each is a literal of what its column's code template expects, never code: text where the template quotes the
 * value ({@code "$param"}), a number, true/false, or a constant name where it does not. <b>Template cells</b>
 * (RuleSet, Import and other keyword rows, each table's kind, fact-type and code rows, and anything outside the
 * tables) are code, owned by ADMIN: an analyst's draft may change value cells and header labels only.
 */
final class TableCells {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?[BILDFbildf]?");
    private static final Pattern CONSTANT = Pattern.compile("([A-Z][A-Za-z0-9]*\\.)*[A-Z][A-Z0-9_]*");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"\\\\\\r\\n]*\"");
    private static final Pattern PARAM = Pattern.compile("\\$(param|\\d+)\\b|\\$(?![\\w{])");
    private static final Pattern QUOTED_PARAM = Pattern.compile("\"[^\"]*\\$(param|\\d+)?[^\"]*\"");

    /** A sheet's cells as text, by 0-based row and column. */
    record Grid(String sheet, List<List<String>> rows) {
        String at(int row, int column) {
            if (row < 0 || row >= rows.size() || column < 0 || column >= rows.get(row).size()) {
                return "";
            }
            String text = rows.get(row).get(column);
            return text == null ? "" : text.trim();
        }
    }

    private TableCells() {
    }

    /** Value cells that are not literals of their column, each at {@code file!Sheet!Cell}. */
    static List<RuleProblem> checkValues(String file, byte[] content) {
        List<RuleProblem> problems = new ArrayList<>();
        for (Grid grid : grids(file, content)) {
            forEachTable(grid, (top, left) -> {
                List<int[]> columns = codeColumns(grid, top, left);
                for (int r = top + 5; !blankRow(grid, r, columns); r++) {
                    for (int[] column : columns) {
                        String value = grid.at(r, column[0]);
                        String snippet = grid.at(top + 3, column[0]);
                        String refusal = value.isEmpty() ? null : refusal(value, snippet);
                        if (refusal != null) {
                            problems.add(new RuleProblem(ref(file, grid, r, column[0]), refusal));
                        }
                    }
                }
            });
        }
        return problems;
    }

    /** Every template cell with its text, keyed {@code file!Sheet!Cell}; value cells and header labels left out. */
    static Map<String, String> templateCells(String file, byte[] content) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (Grid grid : grids(file, content)) {
            boolean[][] data = new boolean[grid.rows().size()][];
            forEachTable(grid, (top, left) -> {
                List<int[]> columns = codeColumns(grid, top, left);
                mark(data, grid, top + 4, columns);
                for (int r = top + 5; !blankRow(grid, r, columns); r++) {
                    mark(data, grid, r, columns);
                }
            });
            for (int r = 0; r < grid.rows().size(); r++) {
                for (int c = 0; c < grid.rows().get(r).size(); c++) {
                    boolean isData = data[r] != null && c < data[r].length && data[r][c];
                    if (!isData && !grid.at(r, c).isEmpty()) {
                        cells.put(ref(file, grid, r, c), grid.at(r, c));
                    }
                }
            }
        }
        return cells;
    }

    /** Why a value cell's text is not a literal of its column, or {@code null} when it is. */
    static String refusal(String value, String snippet) {
        if (!PARAM.matcher(snippet).find()) {
            return null; // the column's code does not use the value: the cell only switches it on
        }
        boolean quoted = QUOTED_PARAM.matcher(snippet).find();
        for (String part : parts(value)) {
            String p = part.trim();
            if (quoted) {
                if (p.contains("\"") || p.contains("\\") || p.contains("\n") || p.contains("\r")) {
                    return "'" + value + "' is text in a column of text values and may not contain quotes, "
                            + "backslashes or line breaks";
                }
            } else if (!(NUMBER.matcher(p).matches() || CONSTANT.matcher(p).matches() || QUOTED.matcher(p).matches()
                    || p.equals("true") || p.equals("false") || p.equals("null"))) {
                return "'" + value + "' is not a number" + (p.chars().anyMatch(ch -> "();{}=+*/".indexOf(ch) >= 0)
                        ? ": value cells hold numbers, names or plain text, never code" : "");
            }
        }
        return null;
    }

    /** A cell's text split at the commas Drools splits multi-value cells at (outside quotes). */
    private static List<String> parts(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inQuotes = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                inQuotes = !inQuotes;
            }
            if (c == ',' && !inQuotes) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private interface TableVisitor {
        void table(int top, int left);
    }

    private static void forEachTable(Grid grid, TableVisitor visitor) {
        for (int r = 0; r < grid.rows().size(); r++) {
            for (int c = 0; c < grid.rows().get(r).size(); c++) {
                if (grid.at(r, c).toLowerCase(Locale.ROOT).startsWith("ruletable")) {
                    visitor.table(r, c);
                }
            }
        }
    }

    /** The columns of a table with a kind (CONDITION, ACTION, ...), as {column}. */
    private static List<int[]> codeColumns(Grid grid, int top, int left) {
        List<int[]> columns = new ArrayList<>();
        List<String> kinds = top + 1 < grid.rows().size() ? grid.rows().get(top + 1) : List.of();
        for (int c = left; c < kinds.size(); c++) {
            if (!grid.at(top + 1, c).isEmpty()) {
                columns.add(new int[] {c});
            }
        }
        return columns;
    }

    private static boolean blankRow(Grid grid, int row, List<int[]> columns) {
        return row >= grid.rows().size() || columns.stream().allMatch(c -> grid.at(row, c[0]).isEmpty());
    }

    private static void mark(boolean[][] data, Grid grid, int row, List<int[]> columns) {
        if (row >= data.length) {
            return;
        }
        data[row] = new boolean[Math.max(grid.rows().get(row).size(), 1)];
        for (int[] c : columns) {
            if (c[0] < data[row].length) {
                data[row][c[0]] = true;
            }
        }
    }

    private static String ref(String file, Grid grid, int row, int column) {
        String cell = CellReference.convertNumToColString(column) + (row + 1);
        return grid.sheet() == null ? file + "!" + cell : file + "!" + grid.sheet() + "!" + cell;
    }

    private static final Memo<String, List<Grid>> GRIDS = new Memo<>(64);

    /** The sheets of a table file as text grids (remembered by content, so an unchanged workbook is read once). */
    static List<Grid> grids(String file, byte[] content) {
        return GRIDS.get(file + "\u0000" + RuleSetLoader.versionOf(java.util.Map.of(file, content)),
                key -> List.copyOf(read(file, content)));
    }

    private static List<Grid> read(String file, byte[] content) {
        List<Grid> grids = new ArrayList<>();
        if (file.endsWith(".csv")) {
            CsvLineParser parser = new CsvLineParser();
            List<List<String>> rows = new ArrayList<>();
            for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n", -1)) {
                rows.add(parser.parse(line));
            }
            grids.add(new Grid(null, rows));
            return grids;
        }
        DataFormatter formatter = new DataFormatter();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            for (Sheet sheet : workbook) {
                List<List<String>> rows = new ArrayList<>();
                for (int r = 0; r <= sheet.getLastRowNum(); r++) {
                    Row row = sheet.getRow(r);
                    List<String> cells = new ArrayList<>();
                    if (row != null) {
                        for (int c = 0; c < row.getLastCellNum(); c++) {
                            Cell cell = row.getCell(c);
                            cells.add(cell == null ? "" : formatter.formatCellValue(cell));
                        }
                    }
                    rows.add(cells);
                }
                grids.add(new Grid(sheet.getSheetName(), rows));
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable workbook is reported by the compiler.
        }
        return grids;
    }
}
