package com.subdecide.rules.web;

import com.subdecide.rules.RuleSetLoader;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * An analyst's upload of rule-set files: a zip (entries named {@code rules/...}, {@code decision-tables/...},
 * {@code solver-config/...}, optionally inside one wrapping folder) or a multipart form whose part names are those
 * paths. Every entry must be a rule-set file and stay inside its folder; sizes are bounded while reading, so a
 * compressed bomb is refused before it is expanded.
 */
final class RuleSetUpload {

    static final int MAX_FILES = 500;
    static final long MAX_FILE_BYTES = 5L * 1024 * 1024;
    static final long MAX_TOTAL_BYTES = 20L * 1024 * 1024;
    private static final Set<String> TOP = Set.of("rules", "decision-tables", "solver-config");

    record Files(Map<String, byte[]> changed, Set<String> deleted, boolean replaceAll) {
    }

    private RuleSetUpload() {
    }

    static Files read(HttpServletRequest request, List<String> delete, String mode) throws IOException {
        List<FieldProblem> problems = new ArrayList<>();
        boolean replaceAll = "replace".equalsIgnoreCase(mode);
        if (mode != null && !replaceAll && !"overlay".equalsIgnoreCase(mode)) {
            problems.add(new FieldProblem("mode", "invalid_choice", "mode is overlay (default) or replace, not " + mode));
        }
        Map<String, byte[]> files = new TreeMap<>();
        String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
        if (request instanceof MultipartHttpServletRequest multipart) {
            MultiValueMap<String, MultipartFile> parts = multipart.getMultiFileMap();
            long total = 0;
            for (Map.Entry<String, List<MultipartFile>> part : parts.entrySet()) {
                for (MultipartFile file : part.getValue()) {
                    total += file.getSize();
                    if (isZip(file.getOriginalFilename()) && part.getKey().equals("zip")) {
                        unzip(file.getInputStream(), "zip", files, problems);
                    } else if (part.getKey().equals(FILE_PART)) {
                        // A file chosen in a form (Swagger UI, a browser): its name says where it belongs.
                        add(FILE_PART, pathOf(file.getOriginalFilename()), file.getBytes(), files, problems);
                    } else {
                        add(part.getKey(), part.getKey(), file.getBytes(), files, problems);
                    }
                }
            }
            if (total > MAX_TOTAL_BYTES) {
                problems.add(new FieldProblem("$", "upload_too_large", "the upload is larger than " + MAX_TOTAL_BYTES + " bytes"));
            }
        } else if (type.startsWith("application/zip") || type.startsWith("application/x-zip")) {
            unzip(request.getInputStream(), "$", files, problems);
        } else {
            problems.add(new FieldProblem("$", "unsupported_upload", "send a zip (Content-Type: application/zip) or a "
                    + "multipart form whose part names are the files' paths, e.g. decision-tables/urgency.drl.xlsx"));
        }
        Set<String> deleted = new LinkedHashSet<>();
        for (String path : delete == null ? List.<String>of() : delete) {
            if (!RuleSetLoader.isRuleSetFile(path) || !safe(path)) {
                problems.add(new FieldProblem("delete", "not_a_rule_file", path + " is not a rule-set file path"));
            } else {
                deleted.add(path);
            }
        }
        if (files.isEmpty() && deleted.isEmpty() && problems.isEmpty()) {
            problems.add(new FieldProblem("$", "empty_upload", "the upload holds no rule-set file"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_upload", "The upload cannot be used as rule-set files", problems);
        }
        return new Files(files, deleted, replaceAll);
    }

    private static void unzip(InputStream in, String field, Map<String, byte[]> files, List<FieldProblem> problems)
            throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("__MACOSX/") || name.endsWith("/.DS_Store")
                        || name.equals(".DS_Store")) {
                    continue;
                }
                if (entries.size() >= MAX_FILES) {
                    problems.add(new FieldProblem(field, "too_many_files", "a zip may hold at most " + MAX_FILES + " files"));
                    return;
                }
                byte[] content = zip.readNBytes((int) Math.min(MAX_FILE_BYTES + 1, MAX_TOTAL_BYTES - total + 1));
                if (content.length > MAX_FILE_BYTES || total + content.length > MAX_TOTAL_BYTES) {
                    problems.add(new FieldProblem(field + "/" + name, "file_too_large", "expands beyond " + MAX_FILE_BYTES
                            + " bytes per file or " + MAX_TOTAL_BYTES + " bytes in all"));
                    return;
                }
                total += content.length;
                entries.put(name, content);
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new FieldProblem(field, "unreadable_zip", "the zip cannot be read: " + e.getMessage()));
            return;
        }
        String wrapper = commonWrapper(entries.keySet());
        entries.forEach((name, content) -> add(field + "/" + name, wrapper == null ? name : name.substring(wrapper.length()),
                content, files, problems));
    }

    /** {@code ruleset/} when every entry sits in that one folder and it is not itself a rule folder. */
    private static String commonWrapper(Set<String> names) {
        String first = null;
        for (String name : names) {
            int slash = name.indexOf('/');
            String top = slash < 0 ? "" : name.substring(0, slash + 1);
            if (top.isEmpty() || TOP.contains(top.substring(0, top.length() - 1)) || first != null && !first.equals(top)) {
                return null;
            }
            first = top;
        }
        return first;
    }

    /** The form part whose files are placed by their own names ({@link #pathOf}). */
    static final String FILE_PART = "file";

    /**
     * Where a file sent under its own name goes: a name with folders is its path; otherwise by its ending,
     * {@code x.drl} to {@code rules/}, {@code x.scenarios.xlsx} to {@code decision-tables/scenarios/}, tables and
     * their JSON to {@code decision-tables/}, {@code x.xml} to {@code solver-config/}.
     */
    static String pathOf(String filename) {
        String name = filename == null ? "" : filename.replace('\\', '/');
        if (name.contains("/")) {
            return name;
        }
        if (name.endsWith(".drl")) {
            return "rules/" + name;
        }
        if (name.endsWith(".scenarios.xlsx")) {
            return "decision-tables/scenarios/" + name;
        }
        if (name.endsWith(".drl.xlsx") || name.endsWith(".drl.csv") || name.endsWith(".json")) {
            return "decision-tables/" + name;
        }
        return name.endsWith(".xml") ? "solver-config/" + name : name;
    }

    private static void add(String field, String path, byte[] content, Map<String, byte[]> files,
            List<FieldProblem> problems) {
        if (!safe(path)) {
            problems.add(new FieldProblem(field, "unsafe_path", path + " would escape the rule folders"));
        } else if (!RuleSetLoader.isRuleSetFile(path)) {
            problems.add(new FieldProblem(field, "not_a_rule_file", path + " is not a rule-set file: rules/**.drl, "
                    + "decision-tables/**.drl.xlsx, .drl.csv, .scenarios.xlsx or .json, solver-config/**.xml "
                    + "(a table named plain .xlsx would be ignored, so it is refused)"));
        } else if (content.length > MAX_FILE_BYTES) {
            problems.add(new FieldProblem(field, "file_too_large", path + " is larger than " + MAX_FILE_BYTES + " bytes"));
        } else {
            files.put(path, content);
        }
    }

    private static boolean safe(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains("\0") || path.contains(":")) {
            return false;
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZip(String name) {
        return name != null && name.toLowerCase().endsWith(".zip");
    }
}
