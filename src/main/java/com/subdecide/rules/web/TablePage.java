package com.subdecide.rules.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.rules.RuleProblem;
import com.subdecide.rules.RuleSetDiff;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetEdits;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.rules.TableSheets;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A decision-table workbook in the browser: each table as a grid of its value columns, edited and saved as a
 * draft; the draft's changed cells marked against the live version; errors and table checks at their cells; the
 * rows a decision fired highlighted; download and upload of the workbook itself.
 */
@Controller
class TablePage {

    /** What the grid sends: the tables' rows as the analyst left them, and the content they were made on. */
    record SaveRequest(UUID draftId, String fileHash, List<TableSheets.TableEdit> tables) {
    }

    /** A stored edit. */
    record Saved(UUID draftId, String version, String fileHash, List<RuleProblem.Finding> warnings, boolean scenariosOk,
            List<String> scenarioFailures) {
    }

    private final RuleSetEdits edits;
    private final RuleSetVersions versions;
    private final ObjectMapper json;

    TablePage(RuleSetEdits edits, RuleSetVersions versions, ObjectMapper json) {
        this.edits = edits;
        this.versions = versions;
        this.json = json;
    }

    @GetMapping("/console/tables/{name}")
    String page(@PathVariable String name, @RequestParam(name = "draft", required = false) UUID draft,
            @RequestParam(name = "version", required = false) String version,
            @RequestParam(name = "highlight", required = false) List<String> highlight, Model model)
            throws JsonProcessingException {
        String path = ConsolePaths.table(name);
        View view = view(path, draft, version);
        byte[] content = view.files().get(path);
        if (content == null) {
            throw new NotFoundException("file_not_found", "No decision table " + name + " in " + view.label());
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("file", path);
        state.put("file_hash", RuleSetEdits.hash(content));
        state.put("draft_id", draft);
        state.put("read_only", view.readOnly());
        state.put("tables", TableSheets.tables(path, content));
        state.put("warnings", view.warnings().stream().filter(w -> w.location().startsWith(path + "!")).toList());
        state.put("changed", view.changedFrom() == null || view.changedFrom().get(path) == null ? List.of()
                : RuleSetDiff.cellChanges(view.changedFrom().get(path), content));
        state.put("highlight", highlight == null ? List.of() : highlight);
        model.addAttribute("name", name);
        model.addAttribute("path", path);
        model.addAttribute("view", view);
        model.addAttribute("draft", draft);
        model.addAttribute("state", json.writeValueAsString(state).replace("</", "<\\/"));
        return "rules/table";
    }

    @PostMapping(path = "/console/tables/{name}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Saved save(@PathVariable String name, @RequestBody SaveRequest body, Principal who, HttpServletRequest request) {
        String path = ConsolePaths.table(name);
        List<FieldProblem> problems = new ArrayList<>();
        if (body.fileHash() == null || body.fileHash().isBlank()) {
            problems.add(new FieldProblem("$.file_hash", "required", "'file_hash' (the content the edit was made on) is required"));
        }
        if (body.tables() == null || body.tables().isEmpty()) {
            problems.add(new FieldProblem("$.tables", "required", "'tables' must list at least one edited table"));
        } else {
            for (int i = 0; i < body.tables().size(); i++) {
                TableSheets.TableEdit t = body.tables().get(i);
                if (t == null || t.sheet() == null || t.rows() == null || t.headerRow() < 1) {
                    problems.add(new FieldProblem("$.tables[" + i + "]", "required",
                            "each table needs 'sheet', 'header_row' and 'rows'"));
                } else if (t.rows().stream().anyMatch(r -> r == null || r.cells() == null)) {
                    problems.add(new FieldProblem("$.tables[" + i + "].rows", "required", "each row needs 'cells'"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("table_edit_invalid", "The edit cannot be read", problems);
        }
        RuleSetDrafts.Created created = edits.saveTables(body.draftId(), path, body.fileHash(), body.tables(),
                who.getName(), request.isUserInRole("ADMIN"));
        return saved(created, path);
    }

    @GetMapping("/console/tables/{name}/download")
    ResponseEntity<byte[]> download(@PathVariable String name, @RequestParam(name = "draft", required = false) UUID draft,
            @RequestParam(name = "version", required = false) String version) {
        String path = ConsolePaths.table(name);
        byte[] content = view(path, draft, version).files().get(path);
        if (content == null) {
            throw new NotFoundException("file_not_found", "No decision table " + name);
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(content);
    }

    /** A workbook edited in Excel, uploaded in place of this one: checked and stored like a grid edit. */
    @PostMapping(path = "/console/tables/{name}/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String upload(@PathVariable String name, @RequestParam(name = "draft", required = false) UUID draft,
            @RequestParam("file_hash") String fileHash, @RequestParam("file") MultipartFile file, Principal who,
            HttpServletRequest request, RedirectAttributes redirect) throws IOException {
        String path = ConsolePaths.table(name);
        try {
            RuleSetDrafts.Created created = edits.saveFile(draft, path, fileHash, file.getBytes(), who.getName(),
                    request.isUserInRole("ADMIN"));
            return "redirect:/console/tables/" + name + "?draft=" + created.draft().draftId();
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("uploadProblems", e.problems());
            redirect.addFlashAttribute("uploadMessage", e.getMessage());
            return "redirect:/console/tables/" + name + (draft == null ? "" : "?draft=" + draft);
        }
    }

    private Saved saved(RuleSetDrafts.Created created, String path) {
        byte[] content = versions.files(created.draft().version()).get(path);
        return new Saved(created.draft().draftId(), created.draft().version(), RuleSetEdits.hash(content),
                created.report().warnings().stream().filter(w -> w.location().startsWith(path + "!")).toList(),
                created.report().scenarios() != null && created.report().scenarios().ok(),
                created.report().scenarios() == null ? List.of()
                        : created.report().scenarios().failures().stream().map(Object::toString).toList());
    }

    /** The files a page shows and what its marks compare with. */
    record View(String label, Map<String, byte[]> files, boolean readOnly, List<RuleProblem.Finding> warnings,
            Map<String, byte[]> changedFrom, RuleSetDrafts.Draft draft) {
    }

    private View view(String path, UUID draft, String version) {
        if (version != null) {
            RuleSetEdits.Base base = edits.version(version);
            return new View("version " + base.version().substring(0, Math.min(base.version().length(), 19)), base.files(), true,
                    edits.warnings(base), null, null);
        }
        RuleSetEdits.Base base = edits.base(draft);
        if (base.draft() == null) {
            return new View("the live rule set", base.files(), false, edits.warnings(base), null, null);
        }
        boolean open = base.draft().status().equals("OPEN");
        return new View("draft " + base.draft().draftId(), base.files(), !open, edits.warnings(base),
                versions.files(base.draft().baseVersion()), base.draft());
    }
}
