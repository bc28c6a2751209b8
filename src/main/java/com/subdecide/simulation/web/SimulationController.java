package com.subdecide.simulation.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.simulation.DecisionReplays;
import com.subdecide.simulation.SimulationJobs;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.LongPoll;
import com.subdecide.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What-if simulations (jobs) and the replay of one logged decision. */
@RestController
class SimulationController {

    private static final int MAX_SIMULATION_BODY = 64 * 1024 * 1024;

    private final SimulationJobs jobs;
    private final com.subdecide.simulation.YearJobs years;
    private final DecisionReplays replays;
    private final HttpLimits limits;
    private final com.subdecide.simulation.ExperimentArms arms;

    SimulationController(SimulationJobs jobs, com.subdecide.simulation.YearJobs years, DecisionReplays replays,
            HttpLimits limits, com.subdecide.simulation.ExperimentArms arms) {
        this.arms = arms;
        this.jobs = jobs;
        this.years = years;
        this.replays = replays;
        this.limits = limits;
    }

    @Operation(summary = "Start a what-if simulation: replay logged decisions (decisions: from, to, sample) or given "
            + "requests under a challenger (draft_id or version) against a champion (logged answers, or a version)")
    @PostMapping(path = "/api/v1/simulations", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> start(HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(),
                Math.max(limits.maxBodyBytes(), MAX_SIMULATION_BODY));
        UUID id = jobs.submit(body, who.getName());
        return ResponseEntity.accepted().location(URI.create("/api/v1/simulations/" + id))
                .body(Map.of("simulation_id", id, "status", "QUEUED"));
    }

    @Operation(summary = "Start a year simulation for stored users: {user_ids: [...]} or {all_users: true}, months "
            + "(default 12), titles_per_month (default 3); the report sums paid and saved against baselines, per month "
            + "and per user")
    @PostMapping(path = "/api/v1/simulations/years", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> years(HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_SIMULATION_BODY);
        UUID id = years.submit(body, who.getName());
        return ResponseEntity.accepted().location(URI.create("/api/v1/simulations/" + id))
                .body(Map.of("simulation_id", id, "status", "QUEUED"));
    }

    @Operation(summary = "A simulation's status, progress (done of total) and, when DONE, its report; with "
            + "wait_seconds (up to 120) the answer waits until the job has finished or the time is up")
    @GetMapping(path = "/api/v1/simulations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    SimulationJobs.Job get(@PathVariable String id,
            @RequestParam(name = "wait_seconds", required = false) String waitSeconds) {
        UUID simulation = uuid(id, "simulation_not_found");
        int wait = LongPoll.seconds(waitSeconds);
        return LongPoll.until(() -> jobs.find(simulation), job -> LongPoll.finished(job.status()), wait);
    }

    @Operation(summary = "Every changed field of every decision as CSV: decision_id,field,champion,challenger")
    @GetMapping(path = "/api/v1/simulations/{id}/changes.csv", produces = "text/csv")
    ResponseEntity<String> csv(@PathVariable String id) {
        String csv = jobs.changesCsv(uuid(id, "simulation_not_found"));
        if (csv == null) {
            throw new NotFoundException("report_not_ready", "The simulation has not finished");
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"simulation-" + id + "-changes.csv\"")
                .body(csv);
    }

    @Operation(summary = "Compare a BENEFIT_ALLOCATION experiment's arms on the same members: every benefit "
            + "allocation logged under it (up to limit, default 10,000), decided again under each arm's rule set from "
            + "the scores and behaviour it was made from; per arm the benefits given, and the members whose benefits "
            + "differ between arms")
    @PostMapping(path = "/api/v1/simulations/experiment-arms", produces = MediaType.APPLICATION_JSON_VALUE)
    com.subdecide.simulation.ExperimentArms.Report arms(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        JsonRequestReader in = new JsonRequestReader();
        String key = in.string(body, "$", "experiment_key", true, 80);
        Integer limit = in.count(body, "$", "limit", 50_000);
        if (limit != null && limit < 1) {
            in.problem("$.limit", "out_of_range", "'limit' must be between 1 and 50000");
        }
        in.throwIfProblems();
        return arms.compare(key, limit == null ? 10_000 : limit);
    }

    @Operation(summary = "Replay one logged decision, under its own version (the answer must be identical), "
            + "another version, or a draft")
    @PostMapping(path = "/api/v1/decisions/{id}/replay", produces = MediaType.APPLICATION_JSON_VALUE)
    DecisionReplays.Replay replay(@PathVariable String id, @RequestParam(name = "version", required = false) String version,
            @RequestParam(name = "draft_id", required = false) String draftId) {
        return replays.replay(uuid(id, "decision_not_found"), version,
                draftId == null ? null : uuid(draftId, "draft_not_found"));
    }

    private static UUID uuid(String id, String code) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException(code, "No such id: " + id);
        }
    }
}
