package com.subdecide.simulation.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.simulation.SimulationJobs;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.LongPoll;
import com.subdecide.system.Workers;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Simulations in the console: started from a draft, followed live over server-sent events, and their report as
 * KPI delta cards, a chart, the fields and rules that moved, and the changed decisions to drill into.
 */
@Controller
class SimulationPages {

    private static final long PUSH_MILLIS = 250;
    private static final long STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    private final SimulationJobs jobs;
    private final ObjectMapper json;
    private final ScheduledExecutorService pushes = Executors.newSingleThreadScheduledExecutor(
            Workers.daemon("simulation-events"));

    SimulationPages(SimulationJobs jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @GetMapping("/console/simulations")
    String list(Model model) {
        model.addAttribute("simulations", jobs.recent(100));
        return "simulation/list";
    }

    @PostMapping("/console/simulations")
    String start(@RequestParam("draft_id") UUID draft, @RequestParam(name = "sample", defaultValue = "1000") int sample,
            Principal who, RedirectAttributes redirect) {
        ObjectNode body = json.createObjectNode();
        body.putObject("challenger").put("draft_id", draft.toString());
        body.putObject("decisions").put("sample", sample);
        try {
            UUID id = jobs.submit(body, who.getName());
            return "redirect:/console/simulations/" + id;
        } catch (InvalidRequestException e) {
            redirect.addFlashAttribute("error", e.getMessage() + ": " + e.problems().stream()
                    .map(p -> p.path() + " " + p.message()).toList());
            return "redirect:/console/drafts/" + draft;
        }
    }

    @GetMapping("/console/simulations/{id}")
    String page(@PathVariable UUID id, Model model) {
        model.addAttribute("job", jobs.find(id));
        return "simulation/simulation";
    }

    /** Progress as server-sent events: {@code progress} while it runs, then one {@code finished}. */
    @GetMapping(path = "/console/simulations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id) {
        jobs.find(id); // 404 before the stream opens
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MILLIS);
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable push = () -> {
            try {
                SimulationJobs.Job job = jobs.find(id);
                Map<String, Object> progress = new LinkedHashMap<>();
                progress.put("status", job.status());
                progress.put("done", job.done());
                progress.put("total", job.total());
                boolean finished = LongPoll.finished(job.status());
                emitter.send(SseEmitter.event().name(finished ? "finished" : "progress")
                        .data(json.writeValueAsString(progress), MediaType.APPLICATION_JSON));
                if (finished) {
                    emitter.complete();
                    task.get().cancel(false);
                }
            } catch (IOException | RuntimeException e) {
                // The browser went away or the job cannot be read: end this stream; the page can reconnect.
                emitter.completeWithError(e);
                ScheduledFuture<?> t = task.get();
                if (t != null) {
                    t.cancel(false);
                }
            }
        };
        task.set(pushes.scheduleAtFixedRate(push, 0, PUSH_MILLIS, TimeUnit.MILLISECONDS));
        Runnable stop = () -> task.get().cancel(false);
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(e -> stop.run());
        return emitter;
    }

    /** The report of a finished simulation (an htmx fragment). */
    @GetMapping("/console/simulations/{id}/report")
    String report(@PathVariable UUID id, Model model) throws IOException {
        SimulationJobs.Job job = jobs.find(id);
        model.addAttribute("job", job);
        JsonNode report = job.report();
        model.addAttribute("report", report);
        model.addAttribute("chart", report == null ? "{}" : json.writeValueAsString(report.path("kpis")));
        return "simulation/simulation :: report";
    }
}
