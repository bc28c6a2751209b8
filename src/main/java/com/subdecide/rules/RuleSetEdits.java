package com.subdecide.rules;

import com.subdecide.system.ConflictException;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.ForbiddenException;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Edits of single files made in the console, each one stored as a draft: an edit of the live rule set makes a
 * new draft, an edit of an open draft replaces it. Every edit names the content it was made on (the file's hash)
 * and is refused with a {@code 409} when that content changed meanwhile, so no one's edit is silently undone; an
 * edit that does not compile is refused with every problem at its file and line or sheet and cell, and nothing is
 * stored.
 */
@Service
public class RuleSetEdits {

    /**
     * What an edit starts from.
     *
     * @param draft   the open draft being edited, or {@code null} for the live rule set
     * @param version the rule-set version the files are
     */
    public record Base(RuleSetDrafts.Draft draft, String version, Map<String, byte[]> files) {

        /** A file's content, or a 404 naming it. */
        public byte[] file(String path) {
            byte[] content = files.get(path);
            if (content == null) {
                throw new NotFoundException("file_not_found", "The rule set has no file " + path);
            }
            return content;
        }
    }

    private final ActiveRuleSet active;
    private final RuleSetDrafts drafts;
    private final RuleSetVersions versions;
    private final RuleSetLibrary library;

    RuleSetEdits(ActiveRuleSet active, RuleSetDrafts drafts, RuleSetVersions versions, RuleSetLibrary library) {
        this.active = active;
        this.drafts = drafts;
        this.versions = versions;
        this.library = library;
    }

    /** The live rule set, or the given draft, as the files an edit starts from. */
    public Base base(UUID draftId) {
        if (draftId == null) {
            RuleSet live = active.current();
            return new Base(null, live.version(), live.contents());
        }
        RuleSetDrafts.Draft draft = drafts.find(draftId);
        return new Base(draft, draft.version(), versions.files(draft.version()));
    }

    /** A stored version (full name or unique prefix) as a read-only base, or a 404 naming it. */
    public Base version(String written) {
        String full = versions.resolve(written)
                .orElseThrow(() -> new NotFoundException("version_not_found", "No stored rule-set version " + written));
        return new Base(null, full, versions.files(full));
    }

    /** The findings beyond compiling (table checks, allowlist warnings) of a base's rule set. */
    public List<RuleProblem.Finding> warnings(Base base) {
        return library.byVersion(base.version()).warnings();
    }

    /** A file's content hash, the version check of an edit. */
    public static String hash(byte[] content) {
        return RuleSetLoader.versionOf(Map.of("f", content)).substring("sha256:".length(), 7 + 24);
    }

    /** Rows of decision tables edited in the grid, written back into the workbook. */
    public RuleSetDrafts.Created saveTables(UUID draftId, String path, String fileHash, List<TableSheets.TableEdit> edits,
            String by, boolean admin) {
        Base base = base(draftId);
        byte[] before = checked(base, path, fileHash);
        byte[] after;
        try {
            after = TableSheets.write(path, before, edits);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("table_edit_invalid", e.getMessage(),
                    List.of(new FieldProblem(path, "table_edit_invalid", e.getMessage())));
        }
        return store(base, path, after, by, admin, "edited " + path + " in the console");
    }

    /** A whole file replaced (a DRL edited in the browser, or a workbook uploaded). */
    public RuleSetDrafts.Created saveFile(UUID draftId, String path, String fileHash, byte[] content, String by,
            boolean admin) {
        Base base = base(draftId);
        checked(base, path, fileHash);
        return store(base, path, content, by, admin, "replaced " + path + " in the console");
    }

    private byte[] checked(Base base, String path, String fileHash) {
        if (base.draft() != null && !base.draft().status().equals("OPEN")) {
            String next = drafts.successor(base.draft().draftId()).map(id -> " (its edit is draft " + id + ")").orElse("");
            throw new ConflictException("draft_changed", "Draft " + base.draft().draftId() + " is "
                    + base.draft().status() + next + "; your edit was not stored: open its latest version and make it there");
        }
        byte[] content = base.file(path);
        if (fileHash == null || !hash(content).equals(fileHash)) {
            throw new ConflictException("file_changed", path + " changed since you opened it (someone else's edit, a "
                    + "promotion or a reload); your edit was not stored: reload the page and make it again");
        }
        return content;
    }

    private RuleSetDrafts.Created store(Base base, String path, byte[] content, String by, boolean admin, String note) {
        Map<String, byte[]> files = new TreeMap<>(base.files());
        files.put(path, content);
        if (!admin) {
            List<FieldProblem> templates = drafts.templateChanges(files);
            if (!templates.isEmpty()) {
                throw new ForbiddenException("template_change_requires_admin", "The edit changes " + templates.size()
                        + " template cell(s) of decision tables; analysts may change value cells and headers only",
                        templates);
            }
        }
        if (base.draft() == null) {
            return drafts.create(files, by, note);
        }
        return drafts.replace(base.draft().draftId(), files, by, note);
    }

    /** The files of the rule set that are decision tables or DRL, for the console's lists. */
    public static Set<String> editable(Map<String, byte[]> files) {
        Set<String> paths = new java.util.TreeSet<>();
        for (String path : files.keySet()) {
            if (path.endsWith(".drl.xlsx") || path.endsWith(".drl")) {
                paths.add(path);
            }
        }
        return paths;
    }
}
