package com.subdecide.rules;

import java.util.Map;

/**
 * One row of an analyst test scenario sheet.
 *
 * @param file  the workbook, e.g. {@code decision-tables/scenarios/rotation.scenarios.xlsx}
 * @param sheet the sheet, which names the kind of decision
 * @param row   the row as the spreadsheet program numbers it
 * @param name  the Scenario column
 * @param cells every filled cell of the row by its column header
 */
public record Scenario(String file, String sheet, int row, String name, Map<String, String> cells) {

    /** {@code file!Sheet!row N}, where an analyst finds it. */
    public String location() {
        return file + "!" + sheet + "!row " + row;
    }

    /** A filled cell, or {@code null}. */
    public String cell(String header) {
        return cells.get(header);
    }

    /** A cell that must be filled, trimmed; a row without it is wrong ({@link IllegalArgumentException}). */
    public String required(String header) {
        String value = cells.get(header);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + header + "' is empty");
        }
        return value.trim();
    }

    /** A yes/no cell: null when empty; anything else is a wrong row ({@link IllegalArgumentException}). */
    public Boolean yesNo(String header) {
        String value = cells.get(header);
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!v.equals("yes") && !v.equals("no")) {
            throw new IllegalArgumentException("'" + header + "' must be yes or no, not " + value);
        }
        return v.equals("yes");
    }

    /** A path written in a cell, resolved against the workbook's folder. */
    public String resolve(String relative) {
        String folder = file.contains("/") ? file.substring(0, file.lastIndexOf('/') + 1) : "";
        java.nio.file.Path path = java.nio.file.Path.of(folder + relative).normalize();
        return path.toString().replace('\\', '/');
    }
}
