package com.subdecide.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;

/** A private copy of the shipped rule folders that a test may edit the way an analyst would. */
public final class RuleFolders {

    private final Path root;

    private RuleFolders(Path root) {
        this.root = root;
    }

    public static RuleFolders copyOfShipped(Path target) {
        try {
            for (String folder : new String[] {"rules", "decision-tables", "solver-config"}) {
                Path from = Path.of(folder);
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Path to = target.resolve(folder).resolve(from.relativize(file).toString());
                        Files.createDirectories(to.getParent());
                        Files.copy(file, to);
                    }
                }
            }
            return new RuleFolders(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RuleSet loadShipped() {
        return RuleSetLoader.load(RulesProperties.of("rules", "decision-tables", "solver-config"));
    }

    public RuleSet load() {
        return RuleSetLoader.load(properties());
    }

    public RulesProperties properties() {
        return RulesProperties.of(root.resolve("rules").toString(), root.resolve("decision-tables").toString(),
                root.resolve("solver-config").toString());
    }

    public Path path(String relative) {
        return root.resolve(relative);
    }

    public void write(String relative, String content) {
        try {
            Files.createDirectories(path(relative).getParent());
            Files.writeString(path(relative), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets one cell of a decision table, as an analyst would in a spreadsheet program. */
    public void setCell(String table, String sheetName, String cellRef, Object value) {
        Path file = path(table);
        try (InputStream in = Files.newInputStream(file); Workbook workbook = WorkbookFactory.create(in)) {
            Sheet sheet = workbook.getSheet(sheetName);
            CellReference ref = new CellReference(cellRef);
            Row row = sheet.getRow(ref.getRow()) != null ? sheet.getRow(ref.getRow()) : sheet.createRow(ref.getRow());
            Cell cell = row.getCell(ref.getCol()) != null ? row.getCell(ref.getCol()) : row.createCell(ref.getCol());
            if (value instanceof Number number) {
                cell.setCellValue(number.doubleValue());
            } else {
                cell.setCellValue(value.toString());
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
