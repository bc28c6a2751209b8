package com.subdecide.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/** Writes a version's files into the rule folders, so the folders match what serves. */
final class RuleSetFolders {

    private RuleSetFolders() {
    }

    static void write(RulesProperties folders, Map<String, byte[]> files) {
        Map<String, byte[]> onDisk = RuleSetLoader.read(folders);
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                byte[] current = onDisk.get(file.getKey());
                if (current == null || !Arrays.equals(current, file.getValue())) {
                    Path target = pathOf(folders, file.getKey());
                    Files.createDirectories(target.getParent());
                    Path temp = target.resolveSibling("." + target.getFileName() + ".writing");
                    Files.write(temp, file.getValue());
                    try {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            for (String path : onDisk.keySet()) {
                if (!files.containsKey(path)) {
                    Files.deleteIfExists(pathOf(folders, path));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rule folders", e);
        }
    }

    private static Path pathOf(RulesProperties folders, String path) {
        int slash = path.indexOf('/');
        String top = path.substring(0, slash);
        String rest = path.substring(slash + 1);
        Path root = switch (top) {
            case "rules" -> Path.of(folders.rulesDir());
            case "decision-tables" -> Path.of(folders.tablesDir());
            case "solver-config" -> Path.of(folders.solverDir());
            default -> throw new IllegalArgumentException("not a rule-set path: " + path);
        };
        Path resolved = root.resolve(rest).normalize();
        if (!resolved.startsWith(root.normalize())) {
            throw new IllegalArgumentException("not a rule-set path: " + path);
        }
        return resolved;
    }
}
