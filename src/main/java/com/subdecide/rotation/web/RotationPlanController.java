package com.subdecide.rotation.web;

import com.subdecide.rotation.RotationDecisions;
import com.subdecide.rotation.RotationPlan;
import com.subdecide.rotation.RotationRequest;
import com.subdecide.rotation.RotationRequestReader;
import com.subdecide.system.HttpLimits;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/decisions/rotation-plan}: one user's monthly action plan. */
@RestController
@RequestMapping("/api/v1/decisions")
class RotationPlanController {

    private final RotationDecisions decisions;
    private final HttpLimits limits;
    private final Clock clock;

    RotationPlanController(RotationDecisions decisions, HttpLimits limits, Clock clock) {
        this.decisions = decisions;
        this.limits = limits;
        this.clock = clock;
    }

    @Operation(summary = "Decide a user's monthly rotation plan",
            description = "Values the watchlist with the analysts' rules and tables, allocates access under the "
                    + "budget with the solver, and derives keep / subscribe / downgrade / cancel with the guardrails.",
            requestBody = @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = RotationRequest.class))))
    @ApiResponse(responseCode = "200", description = "The plan, logged before it is answered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = RotationPlan.class)))
    @ApiResponse(responseCode = "400", description = "Problem document naming every offending field",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "The decision log is unavailable; retry after Retry-After",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(path = "/rotation-plan", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> rotationPlan(HttpServletRequest request) throws IOException {
        JsonRequestReader.Body body = JsonRequestReader.read(request.getInputStream(), limits.maxBodyBytes());
        RotationDecisions.Answer answer = decisions.decide(new RotationRequestReader(clock).read(body.tree()),
                body.text());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer.json());
    }
}
