package com.subdecide.console;

import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSet;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetEdits;
import com.subdecide.rules.TableSheets;
import com.subdecide.simulation.SimulationJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Sign-in and the console's home: what is live, what can be edited, what is in progress. */
@Controller
class HomePage {

    /** A file of the live rule set as the home page lists it. */
    record FileEntry(String path, String name, boolean table, List<String> tables) {
    }

    private final ActiveRuleSet active;
    private final RuleSetDrafts drafts;
    private final SimulationJobs simulations;

    HomePage(ActiveRuleSet active, RuleSetDrafts drafts, SimulationJobs simulations) {
        this.active = active;
        this.drafts = drafts;
        this.simulations = simulations;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/console";
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    @GetMapping("/console")
    String home(Model model) {
        ActiveRuleSet.Live live = active.live();
        RuleSet ruleSet = live.ruleSet();
        List<FileEntry> files = new ArrayList<>();
        for (String path : RuleSetEdits.editable(ruleSet.contents())) {
            boolean table = path.endsWith(".xlsx");
            List<String> tables = table ? TableSheets.tables(path, ruleSet.contents().get(path)).stream()
                    .map(t -> t.sheet() + (t.name().equalsIgnoreCase(t.sheet()) ? "" : " · " + t.name())).distinct().toList()
                    : List.of();
            files.add(new FileEntry(path, path.substring(path.indexOf('/') + 1), table, tables));
        }
        model.addAttribute("live", live);
        model.addAttribute("tables", files.stream().filter(FileEntry::table).toList());
        model.addAttribute("drls", files.stream().filter(f -> !f.table()).toList());
        model.addAttribute("warnings", ruleSet.warnings());
        model.addAttribute("drafts", drafts.list(Optional.of("OPEN")));
        model.addAttribute("simulations", simulations.recent(5));
        model.addAttribute("lastReload", active.lastReload().orElse(null));
        return "console/home";
    }
}
