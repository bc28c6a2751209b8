package com.subdecide.benefits.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.benefits.BehaviourEvents;
import com.subdecide.system.JsonRequestReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/events}: a batch of behavioural events, stored once each. */
@RestController
class EventController {

    /** 1,000 events of about 300 bytes, with room for long ids. */
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final BehaviourEvents events;
    private final Counter accepted;
    private final Counter duplicates;

    EventController(BehaviourEvents events, MeterRegistry meters) {
        this.events = events;
        this.accepted = Counter.builder("benefits.events.accepted").register(meters);
        this.duplicates = Counter.builder("benefits.events.duplicates").register(meters);
    }

    @Operation(summary = "Store a batch (up to 1,000) of behavioural events: {events: [...]}. 202 with the counts "
            + "accepted and duplicates (event ids already stored, or repeated in the batch); a batch with any bad "
            + "event is rejected whole with every bad field named")
    @PostMapping(path = "/api/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Integer>> post(HttpServletRequest request) throws IOException {
        JsonNode body = JsonRequestReader.readBody(request.getInputStream(), MAX_BODY);
        BehaviourEvents.Accepted result = events.store(events.read(body));
        accepted.increment(result.accepted());
        duplicates.increment(result.duplicates());
        return ResponseEntity.accepted().body(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
    }
}
