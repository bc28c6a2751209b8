package com.subdecide.benefits.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.benefits.Members;
import com.subdecide.benefits.PopulationAllocations;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.LongPoll;
import com.subdecide.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashMap;
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

/** Members' tiers, and population benefit allocation under capacities as jobs. */
@RestController
class PopulationAllocationController {

    /** 10,000 members of about 60 bytes each. */
    private static final int MAX_MEMBERS_BODY = 2 * 1024 * 1024;

    private final PopulationAllocations allocations;
    private final Members members;
    private final HttpLimits limits;

    PopulationAllocationController(PopulationAllocations allocations, Members members, HttpLimits limits) {
        this.allocations = allocations;
        this.members = members;
        this.limits = limits;
    }

    @Operation(summary = "Set members' tiers: {members: [{user_id, tier}]} (up to 10,000; the newest tier wins). "
            + "Population allocations cover the members of the tiers they name. Answers the members per tier")
    @PostMapping(path = "/api/v1/members", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> members(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_MEMBERS_BODY);
        Map<String, Object> out = new LinkedHashMap<>();
        var read = members.read(body);
        out.put("stored", read.size());
        out.put("members_by_tier", members.store(read));
        return out;
    }

    @Operation(summary = "Start a population allocation: {tiers: [...], capacities: [{benefit_id, max_users, "
            + "max_total_value}], time_limit_seconds (default 60), ruleset_version (optional variant)}. Maximises the sum "
            + "of score × benefit value over every member of the tiers within their slots, pools, eligibility and the "
            + "capacities; 202 with the job id")
    @PostMapping(path = "/api/v1/allocations/benefits", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> start(HttpServletRequest request, Principal who) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), limits.maxBodyBytes());
        UUID id = allocations.submit(body, who.getName());
        return ResponseEntity.accepted().location(URI.create("/api/v1/allocations/benefits/" + id))
                .body(Map.of("allocation_id", id, "status", "QUEUED"));
    }

    @Operation(summary = "A population allocation's status, progress (phase, members done, objective, upper bound, gap "
            + "so far) and, when DONE, its result: objective, upper bound, gap, capacity use, members who lost a "
            + "benefit to a capacity and why; with wait_seconds (up to 120) the answer waits until the job has "
            + "finished or the time is up")
    @GetMapping(path = "/api/v1/allocations/benefits/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    PopulationAllocations.Job get(@PathVariable String id,
            @RequestParam(name = "wait_seconds", required = false) String waitSeconds) {
        UUID allocation = uuid(id);
        int wait = LongPoll.seconds(waitSeconds);
        return LongPoll.until(() -> allocations.find(allocation), job -> LongPoll.finished(job.status()), wait);
    }

    @Operation(summary = "Make a finished population allocation the members' current benefits (their dashboards and "
            + "swaps start from it); members whose tier changed since the job are skipped. 409 before it is DONE")
    @PostMapping(path = "/api/v1/allocations/benefits/{id}/apply", produces = MediaType.APPLICATION_JSON_VALUE)
    PopulationAllocations.Applied apply(@PathVariable String id, Principal who) {
        return allocations.apply(uuid(id), who.getName());
    }

    @Operation(summary = "One member's benefits in a finished population allocation, and any lost to a capacity")
    @GetMapping(path = "/api/v1/allocations/benefits/{id}/users/{userId}", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode member(@PathVariable String id, @PathVariable String userId) {
        return allocations.member(uuid(id), userId);
    }

    @Operation(summary = "Every member who lost a benefit to a capacity, as CSV: user_id,tier,benefit_id,worth,instead,reason")
    @GetMapping(path = "/api/v1/allocations/benefits/{id}/lost.csv", produces = "text/csv")
    ResponseEntity<String> lost(@PathVariable String id) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"allocation-" + id + "-lost.csv\"")
                .body(allocations.lostCsv(uuid(id)));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("allocation_not_found", "No population allocation " + id);
        }
    }
}
