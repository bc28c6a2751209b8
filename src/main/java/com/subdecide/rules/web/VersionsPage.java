package com.subdecide.rules.web;

import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSetRollback;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.ConflictException;
import com.subdecide.system.NotFoundException;
import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Version history: every version that went live, each time it did, and a one-click rollback (ADMIN). */
@Controller
class VersionsPage {

    private final RuleSetVersions versions;
    private final ActiveRuleSet active;
    private final RuleSetRollback rollback;

    VersionsPage(RuleSetVersions versions, ActiveRuleSet active, RuleSetRollback rollback) {
        this.versions = versions;
        this.active = active;
        this.rollback = rollback;
    }

    @GetMapping("/console/versions")
    String page(Model model) {
        model.addAttribute("versions", versions.live(30));
        model.addAttribute("live", active.current().version());
        model.addAttribute("activations", versions.activations(30));
        return "rules/versions";
    }

    @PostMapping("/console/versions/rollback")
    String rollback(@RequestParam("version") String version, Principal who, RedirectAttributes redirect) {
        try {
            String full = versions.resolve(version)
                    .orElseThrow(() -> new NotFoundException("version_not_found", "No stored version " + version));
            rollback.rollback(full, who.getName(), "rollback from the console");
            redirect.addFlashAttribute("message", "Rolled back: " + full + " is live again.");
        } catch (ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/console/versions";
    }
}
