package com.subdecide.benefits.web;

import com.subdecide.benefits.PropensityModels;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Benefit Propensity Score: training, versions, and a user's scores. */
@RestController
class PropensityController {

    private final PropensityModels models;

    PropensityController(PropensityModels models) {
        this.models = models;
    }

    @Operation(summary = "Fit one model per used benefit on the stored events and store them as a new version, each "
            + "with its held-out AUC")
    @PostMapping(path = "/api/v1/models/bps/train", produces = MediaType.APPLICATION_JSON_VALUE)
    PropensityModels.Version train() {
        return models.train();
    }

    @GetMapping(path = "/api/v1/models/bps", produces = MediaType.APPLICATION_JSON_VALUE)
    List<PropensityModels.Version> versions() {
        return models.versions();
    }

    @Operation(summary = "A user's score per benefit in [0, 1] from the newest model and their events as of now, "
            + "with the features that raise (+) or lower (-) it most")
    @GetMapping(path = "/api/v1/users/{userId}/bps", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> bps(@PathVariable String userId) {
        return models.scores(userId);
    }
}
