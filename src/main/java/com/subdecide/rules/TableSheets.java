package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * A decision-table workbook as the console shows it: per table its header labels and value rows only (the code
 * template rows above them are the ADMIN's and never shown for editing), and the same workbook with an analyst's
 * value rows written back into it with POI, every other cell, style and sheet left as it was.
 */
public final class TableSheets {

    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern CONSTANT = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final int MAX_OPTIONS = 12;

    /**
     * One value column.
     *
     * @param letter  the sheet column ({@code C})
     * @param label   the header label analysts read
     * @param kind    CONDITION, ACTION, ...
     * @param options the values the column takes, when it is enumerated (a dropdown; other text still allowed)
     * @param numeric every filled cell of the column is a number
     */
    public record Column(String letter, String label, String kind, List<String> options, boolean numeric) {
    }

    /** One value row: its 1-based sheet row and its cells by column letter. */
    public record ValueRow(int row, Map<String, String> cells) {
    }

    /**
     * One decision table of a sheet.
     *
     * @param headerRow 1-based row of the header labels; value rows start below it
     */
    public record Table(String sheet, String name, int headerRow, List<Column> columns, List<ValueRow> rows) {
    }

    /** A table's value rows as the analyst left them, in order; {@code row} is 0 for a new row. */
    public record TableEdit(String sheet, int headerRow, List<ValueRow> rows) {
    }

    private TableSheets() {
    }

    /** The tables of a workbook, sheet by sheet. */
    public static List<Table> tables(String file, byte[] content) {
        List<Table> tables = new ArrayList<>();
        for (TableCells.Grid grid : TableCells.grids(file, content)) {
            for (int r = 0; r < grid.rows().size(); r++) {
                for (int c = 0; c < grid.rows().get(r).size(); c++) {
                    String text = grid.at(r, c);
                    if (text.toLowerCase(Locale.ROOT).startsWith("ruletable")) {
                        tables.add(table(grid, r, c, text.substring("ruletable".length()).trim()));
                    }
                }
            }
        }
        return tables;
    }

    private static Table table(TableCells.Grid grid, int top, int left, String name) {
        List<Integer> columns = new ArrayList<>();
        List<String> kinds = top + 1 < grid.rows().size() ? grid.rows().get(top + 1) : List.of();
        for (int c = left; c < kinds.size(); c++) {
            if (!grid.at(top + 1, c).isEmpty()) {
                columns.add(c);
            }
        }
        List<ValueRow> rows = new ArrayList<>();
        for (int r = top + 5; r < grid.rows().size(); r++) {
            int row = r;
            if (columns.stream().allMatch(c -> grid.at(row, c).isEmpty())) {
                break;
            }
            Map<String, String> cells = new java.util.LinkedHashMap<>();
            for (int c : columns) {
                cells.put(letter(c), grid.at(r, c));
            }
            rows.add(new ValueRow(r + 1, cells));
        }
        List<Column> described = new ArrayList<>();
        for (int c : columns) {
            Set<String> values = new LinkedHashSet<>();
            boolean numeric = true;
            boolean constants = true;
            for (ValueRow row : rows) {
                String v = row.cells().get(letter(c));
                if (v.isEmpty()) {
                    continue;
                }
                values.add(v);
                numeric &= NUMBER.matcher(v).matches();
                constants &= CONSTANT.matcher(v).matches();
            }
            List<String> options = constants && !values.isEmpty() && values.size() <= MAX_OPTIONS
                    ? List.copyOf(values) : List.of();
            described.add(new Column(letter(c), grid.at(top + 4, c), grid.at(top + 1, c), options,
                    numeric && !values.isEmpty()));
        }
        return new Table(grid.sheet(), name, top + 5, described, rows);
    }

    /**
     * The workbook with each edited table's value rows replaced by the given ones (in their order): rows below a
     * table move down or up when it grows or shrinks, a cell is written only where its text changes, numbers stay
     * numbers, new rows take the style of the row above. Only value cells are written.
     *
     * @throws IllegalArgumentException naming the table when an edit does not match a table of the workbook
     */
    public static byte[] write(String file, byte[] content, List<TableEdit> edits) {
        Map<String, Table> byKey = new HashMap<>();
        for (Table t : tables(file, content)) {
            byKey.put(t.sheet() + "#" + t.headerRow(), t);
        }
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            DataFormatter format = new DataFormatter();
            // Bottom-most tables first, so that moving rows of one does not shift another one's header row.
            List<TableEdit> ordered = new ArrayList<>(edits);
            ordered.sort((a, b) -> Integer.compare(b.headerRow(), a.headerRow()));
            for (TableEdit edit : ordered) {
                Table table = byKey.get(edit.sheet() + "#" + edit.headerRow());
                Sheet sheet = table == null ? null : workbook.getSheet(edit.sheet());
                if (sheet == null) {
                    throw new IllegalArgumentException("no table with its header at " + edit.sheet() + "!row "
                            + edit.headerRow());
                }
                writeTable(sheet, table, edit.rows(), format);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("the workbook cannot be read: " + e.getMessage(), e);
        }
    }

    private static void writeTable(Sheet sheet, Table table, List<ValueRow> rows, DataFormatter format) {
        int first = table.headerRow(); // 0-based index of the first value row
        int had = table.rows().size();
        int wanted = rows.size();
        int last = sheet.getLastRowNum();
        if (wanted > had && first + had <= last) {
            sheet.shiftRows(first + had, last, wanted - had, true, false);
        } else if (wanted < had) {
            for (int r = first + wanted; r < first + had; r++) {
                Row row = sheet.getRow(r);
                if (row != null) {
                    sheet.removeRow(row);
                }
            }
            if (first + had <= last) {
                sheet.shiftRows(first + had, last, wanted - had, true, false);
            }
        }
        for (int i = 0; i < wanted; i++) {
            int r = first + i;
            Row row = sheet.getRow(r);
            if (row == null) {
                row = sheet.createRow(r);
            }
            Row above = r > 0 ? sheet.getRow(i < had ? r : first + Math.min(had, i) - 1) : null;
            for (Column column : table.columns()) {
                String text = Objects.requireNonNullElse(rows.get(i).cells().get(column.letter()), "").trim();
                int c = CellReference.convertColStringToIndex(column.letter());
                Cell cell = row.getCell(c);
                String now = cell == null ? "" : format.formatCellValue(cell).trim();
                if (now.equals(text) && cell != null) {
                    continue;
                }
                if (text.isEmpty()) {
                    if (cell != null) {
                        row.removeCell(cell);
                    }
                    continue;
                }
                if (cell == null) {
                    cell = row.createCell(c);
                    Cell model = above == null ? null : above.getCell(c);
                    if (model != null) {
                        CellStyle style = model.getCellStyle();
                        cell.setCellStyle(style);
                    }
                }
                boolean numberCell = cell.getCellType() == CellType.NUMERIC || column.numeric();
                if (numberCell && NUMBER.matcher(text).matches()) {
                    cell.setCellValue(Double.parseDouble(text));
                } else {
                    cell.setCellValue(text);
                }
            }
        }
    }

    static String letter(int column) {
        return CellReference.convertNumToColString(column);
    }
}
