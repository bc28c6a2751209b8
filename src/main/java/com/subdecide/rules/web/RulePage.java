package com.subdecide.rules.web;

import com.subdecide.rules.RuleProblem;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetEdits;
import com.subdecide.system.ConflictException;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.ForbiddenException;
import com.subdecide.system.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A DRL file in the browser: its text with line numbers, the allowlist's and compiler's findings at their lines,
 * saved as a draft like a table edit (a broken edit is shown back with its problems, never stored).
 */
@Controller
class RulePage {

    private static final Pattern LINE = Pattern.compile(".*:(\\d+)(?::\\d+)?$");

    /** A finding at a line of the file (0 when it names no line). */
    record LineFinding(int line, boolean error, String message) {
    }

    private final RuleSetEdits edits;

    RulePage(RuleSetEdits edits) {
        this.edits = edits;
    }

    @GetMapping("/console/rules/{name}")
    String page(@PathVariable String name, @RequestParam(name = "draft", required = false) UUID draft,
            @RequestParam(name = "version", required = false) String version,
            @RequestParam(name = "line", required = false) Integer line, Model model) {
        String path = ConsolePaths.drl(name);
        RuleSetEdits.Base base;
        boolean readOnly;
        if (version != null) {
            base = edits.version(version);
            readOnly = true;
        } else {
            base = edits.base(draft);
            readOnly = base.draft() != null && !base.draft().status().equals("OPEN");
        }
        byte[] content = base.file(path);
        List<LineFinding> findings = new ArrayList<>();
        for (RuleProblem.Finding f : edits.warnings(base)) {
            if (f.location().startsWith(path)) {
                findings.add(new LineFinding(line(f.location()), f.error(), f.message()));
            }
        }
        fill(model, name, path, draft, readOnly, new String(content, StandardCharsets.UTF_8), RuleSetEdits.hash(content),
                findings, line);
        return "rules/drl";
    }

    @PostMapping("/console/rules/{name}")
    String save(@PathVariable String name, @RequestParam(name = "draft", required = false) UUID draft,
            @RequestParam("file_hash") String fileHash, @RequestParam("content") String content, Principal who,
            HttpServletRequest request, Model model) {
        String path = ConsolePaths.drl(name);
        try {
            RuleSetDrafts.Created created = edits.saveFile(draft, path, fileHash,
                    content.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8), who.getName(),
                    request.isUserInRole("ADMIN"));
            return "redirect:/console/rules/" + name + "?draft=" + created.draft().draftId() + "&saved=true";
        } catch (InvalidRequestException | ForbiddenException | ConflictException e) {
            List<FieldProblem> problems = e instanceof InvalidRequestException invalid ? invalid.problems()
                    : e instanceof ForbiddenException forbidden ? forbidden.problems() : List.of();
            List<LineFinding> findings = new ArrayList<>();
            for (FieldProblem p : problems) {
                findings.add(new LineFinding(p.path().startsWith(path) ? line(p.path()) : 0, true,
                        (p.path().startsWith(path) ? "" : p.path() + ": ") + p.message()));
            }
            model.addAttribute("error", e.getMessage());
            fill(model, name, path, draft, false, content, fileHash, findings, null);
            return "rules/drl";
        }
    }

    private static void fill(Model model, String name, String path, UUID draft, boolean readOnly, String text,
            String hash, List<LineFinding> findings, Integer line) {
        Map<Integer, List<LineFinding>> byLine = new TreeMap<>();
        findings.forEach(f -> byLine.computeIfAbsent(f.line(), k -> new ArrayList<>()).add(f));
        int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
        List<String> gutter = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            List<LineFinding> at = byLine.get(i);
            gutter.add(at == null ? String.valueOf(i) : (at.stream().anyMatch(LineFinding::error) ? "✖ " : "▲ ") + i);
        }
        model.addAttribute("name", name);
        model.addAttribute("path", path);
        model.addAttribute("draft", draft);
        model.addAttribute("readOnly", readOnly);
        model.addAttribute("content", text);
        model.addAttribute("fileHash", hash);
        model.addAttribute("findings", findings);
        model.addAttribute("gutter", gutter);
        model.addAttribute("line", line);
    }

    private static int line(String location) {
        Matcher m = LINE.matcher(location);
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
}
