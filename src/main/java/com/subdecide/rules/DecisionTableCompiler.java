package com.subdecide.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;

/**
 * Turns a decision table into DRL and keeps what is needed to speak of it in the analyst's terms: which
 * sheet row each generated rule came from, and which cell a generated-DRL line stands for.
 */
final class DecisionTableCompiler {

    private static final Pattern VALUES_AT = Pattern.compile("^// rule values at ([A-Z]+)(\\d+), header at ([A-Z]+)(\\d+)");
    private static final Pattern RULE = Pattern.compile("^rule \"([^\"]+)\"");
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)");
    private static final Pattern UNKNOWN_MEMBER = Pattern.compile("strict-mode: [\\w.$]+\\.(\\w+)\\(\\)");
    /** Rows between a "RuleTable" cell and the analysts' column headers: kinds, object types, snippets. */
    private static final int HEADER_OFFSET = 4;

    /** A generated rule and the spreadsheet row it came from (1-based row, as Excel shows it). */
    record TableRow(String packageName, String ruleName, String sheet, int row, int firstColumn, int headerRow,
            int firstGeneratedLine, int lastGeneratedLine) {
    }

    record Compiled(String drl, List<TableRow> rows) {
    }

    private final String file;
    private final byte[] content;
    private final boolean csv;
    private Workbook workbook;
    private final java.util.Map<String, String> sheetOfTable = new java.util.HashMap<>();

    DecisionTableCompiler(String file, byte[] content) {
        this.file = file;
        this.content = content;
        this.csv = file.endsWith(".csv");
    }

    Compiled compile() {
        String drl = new SpreadsheetCompiler().compile(new ByteArrayInputStream(content),
                csv ? InputType.CSV : InputType.XLS);
        return new Compiled(drl, rowsOf(drl));
    }

    private List<TableRow> rowsOf(String drl) {
        List<TableRow> rows = new ArrayList<>();
        String[] lines = drl.split("\n", -1);
        String pkg = "";
        int valuesRow = -1;
        int valuesColumn = -1;
        int headerRow = -1;
        int start = -1;
        String name = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            Matcher p = PACKAGE.matcher(line);
            if (p.find()) {
                pkg = p.group(1);
            }
            Matcher v = VALUES_AT.matcher(line);
            if (v.find()) {
                valuesColumn = CellReference.convertColStringToIndex(v.group(1));
                valuesRow = Integer.parseInt(v.group(2));
                headerRow = Integer.parseInt(v.group(4));
                start = i + 1;
            }
            Matcher r = RULE.matcher(line);
            if (r.find()) {
                name = r.group(1);
            }
            if (line.equals("end") && name != null && valuesRow > 0) {
                rows.add(new TableRow(pkg, name, sheetOf(name), valuesRow, valuesColumn, headerRow, start, i + 1));
                name = null;
            }
        }
        return rows;
    }

    /** Generated rule names are {@code <table name>_<row>}; the sheet holding each table is found once. */
    private String sheetOf(String ruleName) {
        int cut = ruleName.lastIndexOf('_');
        String table = cut > 0 ? ruleName.substring(0, cut) : ruleName;
        return csv ? null : sheetOfTable.computeIfAbsent(table, this::findSheet);
    }

    private String findSheet(String table) {
        Workbook wb = workbook();
        DataFormatter formatter = new DataFormatter();
        if (wb != null) {
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        String text = formatter.formatCellValue(cell).trim();
                        if (text.equalsIgnoreCase("RuleTable " + table)) {
                            return sheet.getSheetName();
                        }
                    }
                }
            }
        }
        return table;
    }

    /** {@code file!Sheet!B10} for xlsx, {@code file!B10} for csv. */
    String cellRef(TableRow row, int column) {
        String cell = CellReference.convertNumToColString(column) + row.row();
        return row.sheet() == null ? file + "!" + cell : file + "!" + row.sheet() + "!" + cell;
    }

    /** A label analysts read: {@code Urgency row 10: <header> = <value>, ...}. */
    String label(TableRow row) {
        Sheet sheet = sheet(row);
        if (sheet == null) {
            return row.ruleName();
        }
        Row header = sheet.getRow(row.headerRow() - 1 + HEADER_OFFSET);
        Row values = sheet.getRow(row.row() - 1);
        if (header == null || values == null) {
            return row.ruleName();
        }
        DataFormatter formatter = new DataFormatter();
        List<String> parts = new ArrayList<>();
        for (Cell cell : values) {
            String value = formatter.formatCellValue(cell).trim();
            Cell head = header.getCell(cell.getColumnIndex());
            if (!value.isEmpty() && head != null && cell.getColumnIndex() >= row.firstColumn()) {
                parts.add(formatter.formatCellValue(head).trim() + " = " + value);
            }
        }
        return (row.sheet() == null ? row.ruleName() : row.sheet() + " row " + row.row())
                + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    /**
     * The cell a generated-DRL line stands for: the row of the rule around the line, and within it the cell
     * whose text appears on that line (the first filled cell of the row when none does).
     */
    String locate(List<TableRow> rows, int generatedLine, String generatedLineText, String message) {
        for (TableRow row : rows) {
            if (generatedLine >= row.firstGeneratedLine() && generatedLine <= row.lastGeneratedLine()) {
                // An unknown field written in a column's code snippet is that snippet's fault, not each row's.
                Matcher unknown = UNKNOWN_MEMBER.matcher(message);
                if (unknown.find()) {
                    String cell = headerCellContaining(row, unknown.group(1));
                    if (cell != null) {
                        return cell;
                    }
                }
                // Most telling first: a non-number among numbers, then the cell the message or the line quotes.
                int column = oddOneOut(row, rows);
                if (column < 0) {
                    column = columnOnLine(row, message);
                }
                if (column < 0) {
                    column = columnOnLine(row, generatedLineText);
                }
                return cellRef(row, column < 0 ? row.firstColumn() : column);
            }
        }
        return file + " (generated line " + generatedLine + ")";
    }

    /**
     * The cell holding {@code token} for a generated-DRL line: in the row of the rule around the line, else in
     * the table's object-type and snippet rows, else anywhere in the workbook (Import, Functions, ...).
     */
    String locateToken(List<TableRow> rows, int generatedLine, String generatedLineText, String token) {
        for (TableRow row : rows) {
            if (generatedLine >= row.firstGeneratedLine() && generatedLine <= row.lastGeneratedLine()) {
                int column = columnContaining(sheet(row), row.row() - 1, token);
                if (column >= 0) {
                    return cellRef(row, column);
                }
                String header = headerCellContaining(row, token);
                if (header != null) {
                    return header;
                }
            }
        }
        Workbook wb = workbook();
        if (wb != null) {
            for (Sheet sheet : wb) {
                for (Row r : sheet) {
                    int column = columnContaining(sheet, r.getRowNum(), token);
                    if (column >= 0) {
                        return file + "!" + sheet.getSheetName() + "!" + CellReference.convertNumToColString(column)
                                + (r.getRowNum() + 1);
                    }
                }
            }
        }
        return file + " (generated line " + generatedLine + ")";
    }

    private String headerCellContaining(TableRow row, String token) {
        Sheet sheet = sheet(row);
        for (int offset = 2; offset <= 3 && sheet != null; offset++) {
            int index = row.headerRow() - 1 + offset;
            int column = columnContaining(sheet, index, token);
            if (column >= 0) {
                return file + "!" + row.sheet() + "!" + CellReference.convertNumToColString(column) + (index + 1);
            }
        }
        return null;
    }

    private static int columnContaining(Sheet sheet, int rowIndex, String token) {
        if (sheet == null || sheet.getRow(rowIndex) == null) {
            return -1;
        }
        DataFormatter formatter = new DataFormatter();
        for (Cell cell : sheet.getRow(rowIndex)) {
            if (formatter.formatCellValue(cell).contains(token)) {
                return cell.getColumnIndex();
            }
        }
        return -1;
    }

    /** The cell of the row whose text appears in {@code text} (the longest such), or -1. */
    private int columnOnLine(TableRow row, String text) {
        Sheet sheet = sheet(row);
        if (sheet == null || sheet.getRow(row.row() - 1) == null || text == null) {
            return -1;
        }
        DataFormatter formatter = new DataFormatter();
        int best = -1;
        int bestLength = 0;
        for (Cell cell : sheet.getRow(row.row() - 1)) {
            String value = formatter.formatCellValue(cell).trim();
            if (!value.isEmpty() && value.length() > bestLength && text.contains(value)) {
                best = cell.getColumnIndex();
                bestLength = value.length();
            }
        }
        return best;
    }

    /** A cell that is not a number although every other row of its table has a number in that column, or -1. */
    private int oddOneOut(TableRow row, List<TableRow> rows) {
        Sheet sheet = sheet(row);
        if (sheet == null || sheet.getRow(row.row() - 1) == null) {
            return -1;
        }
        DataFormatter formatter = new DataFormatter();
        for (Cell cell : sheet.getRow(row.row() - 1)) {
            String value = formatter.formatCellValue(cell).trim();
            if (value.isEmpty() || isNumber(value) || cell.getColumnIndex() < row.firstColumn()) {
                continue;
            }
            boolean othersNumeric = false;
            boolean othersAllNumeric = true;
            for (TableRow other : rows) {
                if (other.row() == row.row() || !java.util.Objects.equals(other.sheet(), row.sheet())
                        || sheet.getRow(other.row() - 1) == null) {
                    continue;
                }
                Cell peer = sheet.getRow(other.row() - 1).getCell(cell.getColumnIndex());
                String peerValue = peer == null ? "" : formatter.formatCellValue(peer).trim();
                if (!peerValue.isEmpty()) {
                    othersNumeric = true;
                    othersAllNumeric &= isNumber(peerValue);
                }
            }
            if (othersNumeric && othersAllNumeric) {
                return cell.getColumnIndex();
            }
        }
        return -1;
    }

    private static boolean isNumber(String text) {
        try {
            new java.math.BigDecimal(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Sheet sheet(TableRow row) {
        Workbook wb = workbook();
        return wb == null || row.sheet() == null ? null : wb.getSheet(row.sheet());
    }

    private Workbook workbook() {
        if (workbook == null && !csv) {
            try {
                workbook = WorkbookFactory.create(new ByteArrayInputStream(content));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
        return workbook;
    }
}
