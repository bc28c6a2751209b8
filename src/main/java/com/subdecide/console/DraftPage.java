package com.subdecide.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.rules.RuleSetDiff;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.rules.ScenarioReport;
import com.subdecide.simulation.SimulationJobs;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A draft: what it changes cell by cell (beside each changed cell, how many replayed decisions changed where its
 * row fired), its scenarios, its simulations, and promotion (ADMIN, once its scenarios pass and a simulation of it
 * has finished) or discarding.
 */
@Controller
class DraftPage {

    private static final Pattern CELL = Pattern.compile("(.+)!([A-Z]+)(\\d+)");

    /** One changed cell and the replayed decisions that changed where its row fired. */
    record CellLine(String cell, String before, String after, Integer decisionsChanged, String rowSource) {
    }

    /** One changed file. */
    record FileLines(String path, String name, String status, boolean table, List<CellLine> cells, List<String> text) {
    }

    private final RuleSetDrafts drafts;
    private final RuleSetVersions versions;
    private final SimulationJobs simulations;

    DraftPage(RuleSetDrafts drafts, RuleSetVersions versions, SimulationJobs simulations) {
        this.drafts = drafts;
        this.versions = versions;
        this.simulations = simulations;
    }

    @GetMapping("/console/drafts")
    String list(Model model) {
        model.addAttribute("drafts", drafts.list(Optional.empty()));
        return "console/drafts";
    }

    @GetMapping("/console/drafts/{id}")
    String page(@PathVariable UUID id, Model model) {
        RuleSetDrafts.Draft draft = drafts.find(id);
        List<UUID> runs = simulations.ofDraft(id);
        SimulationJobs.Job latest = runs.isEmpty() ? null : simulations.find(runs.get(0));
        SimulationJobs.Job done = runs.stream().map(simulations::find).filter(j -> j.status().equals("DONE")).findFirst()
                .orElse(null);
        JsonNode bySource = done == null || done.report() == null ? null : done.report().get("changed_by_source");
        Map<String, byte[]> before = versions.files(draft.baseVersion());
        Map<String, byte[]> after = versions.files(draft.version());
        List<FileLines> files = new ArrayList<>();
        for (RuleSetDiff.FileChange change : RuleSetDiff.between(before, after)) {
            String path = change.path();
            String name = path.substring(path.indexOf('/') + 1);
            if (path.endsWith(".xlsx")) {
                List<CellLine> cells = new ArrayList<>();
                for (RuleSetDiff.CellChange c : RuleSetDiff.cellChanges(before.get(path), after.get(path))) {
                    String rowSource = rowSource(path, c.cell(), bySource);
                    Integer count = bySource == null ? null : bySource.path(rowSource).asInt(0);
                    cells.add(new CellLine(c.cell(), c.before(), c.after(), count, rowSource));
                }
                files.add(new FileLines(path, name, change.status(), true, cells, List.of()));
            } else {
                files.add(new FileLines(path, name, change.status(), false, List.of(), change.changes()));
            }
        }
        model.addAttribute("draft", draft);
        model.addAttribute("files", files);
        model.addAttribute("latest", latest);
        model.addAttribute("done", done);
        model.addAttribute("successor", drafts.successor(id).orElse(null));
        model.addAttribute("open", draft.status().equals("OPEN"));
        return "console/draft";
    }

    /** The draft's scenarios, row by row (an htmx fragment). */
    @PostMapping("/console/drafts/{id}/scenarios")
    String scenarios(@PathVariable UUID id, Model model) {
        ScenarioReport report = drafts.scenarios(id);
        model.addAttribute("report", report);
        return "console/draft :: scenarios";
    }

    @PostMapping("/console/drafts/{id}/promote")
    String promote(@PathVariable UUID id, Principal who, RedirectAttributes redirect) {
        boolean simulated = simulations.ofDraft(id).stream().map(simulations::find)
                .anyMatch(j -> j.status().equals("DONE"));
        try {
            if (!simulated) {
                throw new ConflictException("simulation_required", "Run a simulation of this draft first: promotion "
                        + "from the console needs the replayed decisions it would change");
            }
            drafts.promote(id, who.getName(), false);
        } catch (ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/console/drafts/" + id;
        }
        redirect.addFlashAttribute("message", "Draft " + id + " is live.");
        return "redirect:/console/versions";
    }

    @PostMapping("/console/drafts/{id}/discard")
    String discard(@PathVariable UUID id, Principal who, RedirectAttributes redirect) {
        try {
            drafts.discard(id, who.getName());
        } catch (ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/drafts/" + id;
    }

    /**
     * The source a table row's rules are reported under ({@code file!Sheet!B10}, the row's first cell of its table):
     * the simulation's source on the cell's sheet and row, if any.
     */
    static String rowSource(String path, String cell, JsonNode bySource) {
        Matcher m = CELL.matcher(cell);
        if (!m.matches() || bySource == null) {
            return path + "!" + cell;
        }
        Pattern row = Pattern.compile(Pattern.quote(path + "!" + m.group(1) + "!") + "[A-Z]+" + m.group(3));
        for (java.util.Iterator<String> names = bySource.fieldNames(); names.hasNext(); ) {
            String source = names.next();
            if (row.matcher(source).matches()) {
                return source;
            }
        }
        return path + "!" + cell;
    }
}
