package com.subdecide.rules;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/**
 * What changed between two rule sets, file by file: spreadsheets cell by cell as readable text
 * ({@code Urgency!D10: 5 -> 4}), text files (DRL, CSV, XML, JSON) as a unified diff.
 */
public final class RuleSetDiff {

    /**
     * One file's change.
     *
     * @param status  {@code added}, {@code removed} or {@code changed}
     * @param changes one line per changed cell, or the unified diff's lines
     */
    public record FileChange(String path, String status, List<String> changes) {
    }

    private RuleSetDiff() {
    }

    public static List<FileChange> between(Map<String, byte[]> from, Map<String, byte[]> to) {
        TreeSet<String> paths = new TreeSet<>(from.keySet());
        paths.addAll(to.keySet());
        List<FileChange> changes = new ArrayList<>();
        for (String path : paths) {
            byte[] a = from.get(path);
            byte[] b = to.get(path);
            if (a != null && b != null && java.util.Arrays.equals(a, b)) {
                continue;
            }
            String status = a == null ? "added" : b == null ? "removed" : "changed";
            List<String> lines = path.endsWith(".xlsx") ? cells(a, b) : text(path, a, b);
            changes.add(new FileChange(path, status, lines));
        }
        return changes;
    }

    private static List<String> text(String path, byte[] a, byte[] b) {
        List<String> before = a == null ? List.of() : new String(a, StandardCharsets.UTF_8).lines().toList();
        List<String> after = b == null ? List.of() : new String(b, StandardCharsets.UTF_8).lines().toList();
        return UnifiedDiffUtils.generateUnifiedDiff(a == null ? "/dev/null" : "a/" + path,
                b == null ? "/dev/null" : "b/" + path, before, DiffUtils.diff(before, after), 2);
    }

    /** One changed cell of a workbook: {@code Sheet!C10}, its text before and after ({@code null} when empty). */
    public record CellChange(String cell, String before, String after) {
    }

    /** The cells that differ between two versions of a workbook, in reading order. */
    public static List<CellChange> cellChanges(byte[] a, byte[] b) {
        Map<String, String> before = cellTexts(a);
        Map<String, String> after = cellTexts(b);
        TreeSet<String> refs = new TreeSet<>(RuleSetDiff::byCell);
        refs.addAll(before.keySet());
        refs.addAll(after.keySet());
        List<CellChange> changes = new ArrayList<>();
        for (String ref : refs) {
            String x = before.get(ref);
            String y = after.get(ref);
            if (!java.util.Objects.equals(x, y)) {
                changes.add(new CellChange(ref, x, y));
            }
        }
        return changes;
    }

    private static List<String> cells(byte[] a, byte[] b) {
        List<String> lines = new ArrayList<>();
        for (CellChange c : cellChanges(a, b)) {
            lines.add(c.cell() + ": " + (c.before() == null ? "(empty)" : c.before()) + " -> "
                    + (c.after() == null ? "(empty)" : c.after()));
        }
        return lines;
    }

    /** Every filled cell as {@code Sheet!B10 -> text}; an unreadable workbook is one pseudo-cell saying so. */
    private static Map<String, String> cellTexts(byte[] content) {
        Map<String, String> cells = new TreeMap<>();
        if (content == null) {
            return cells;
        }
        DataFormatter format = new DataFormatter();
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(content))) {
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        String text = format.formatCellValue(cell).trim();
                        if (!text.isEmpty()) {
                            cells.put(sheet.getSheetName() + "!" + new CellReference(cell).formatAsString(false), text);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            cells.put("(workbook)", "unreadable: " + e.getMessage());
        }
        return cells;
    }

    /** Sheet, then row, then column, as a reader scans a sheet. */
    private static int byCell(String x, String y) {
        String[] a = x.split("!", 2);
        String[] b = y.split("!", 2);
        int sheet = a[0].compareTo(b[0]);
        if (sheet != 0 || a.length < 2 || b.length < 2) {
            return sheet != 0 ? sheet : x.compareTo(y);
        }
        CellReference ra = new CellReference(a[1]);
        CellReference rb = new CellReference(b[1]);
        return ra.getRow() != rb.getRow() ? Integer.compare(ra.getRow(), rb.getRow()) : Short.compare(ra.getCol(), rb.getCol());
    }
}
