package com.subdecide.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subdecide.system.DecisionLog;
import com.subdecide.system.DecisionRecord;
import com.subdecide.system.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Logged decisions: the latest ones, and the trace of one — the facts it was decided from, the rules and table
 * rows that fired (each a link to its row, highlighted, in the version that decided), the score per constraint
 * and the answer.
 */
@Controller
class DecisionPages {

    private static final Pattern TABLE_SOURCE = Pattern.compile("decision-tables/([^!]+)!([^!]+)!([A-Z]+)(\\d+)");
    private static final Pattern DRL_SOURCE = Pattern.compile("rules/([^:]+):(\\d+)");

    /** A fired rule with the console link to where it is written. */
    record Fired(String rule, String source, int hits, String link) {
    }

    private final DecisionLog log;
    private final ObjectMapper json;

    DecisionPages(DecisionLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @GetMapping("/console/decisions")
    String list(@RequestParam(name = "type", required = false) String type, Model model) {
        model.addAttribute("decisions", log.recent(type == null || type.isBlank() ? null : type, 100));
        model.addAttribute("type", type);
        return "console/decisions";
    }

    @GetMapping("/console/decisions/{id}")
    String trace(@PathVariable UUID id, Model model) throws JsonProcessingException {
        DecisionRecord decision = log.find(id)
                .orElseThrow(() -> new NotFoundException("decision_not_found", "No logged decision " + id));
        JsonNode response = json.readTree(decision.responseJson());
        JsonNode explanation = response.path("explanation");
        List<Fired> fired = new ArrayList<>();
        for (JsonNode rule : explanation.path("rules_fired")) {
            String source = rule.path("source").asText();
            fired.add(new Fired(rule.path("rule").asText(), source, rule.path("hits").asInt(),
                    link(source, decision.rulesetVersion())));
        }
        model.addAttribute("decision", decision);
        model.addAttribute("request", json.readTree(decision.requestJson()).toPrettyString());
        model.addAttribute("response", response);
        model.addAttribute("answer", response.toPrettyString());
        model.addAttribute("explanation", explanation);
        model.addAttribute("fired", fired);
        model.addAttribute("plan", response.path("action_plan"));
        return "console/decision";
    }

    /** The console page where a rule source is written, or {@code null} when it is not a file of the rule set. */
    static String link(String source, String version) {
        Matcher table = TABLE_SOURCE.matcher(source);
        if (table.matches()) {
            return UriComponentsBuilder.fromPath("/console/tables/{name}").queryParam("version", version)
                    .queryParam("highlight", table.group(2) + "!" + table.group(4)).buildAndExpand(table.group(1))
                    .encode().toUriString();
        }
        Matcher drl = DRL_SOURCE.matcher(source);
        if (drl.matches()) {
            return UriComponentsBuilder.fromPath("/console/rules/{name}").queryParam("version", version)
                    .queryParam("line", drl.group(2)).buildAndExpand(drl.group(1)).encode().toUriString();
        }
        return null;
    }
}
