package com.subdecide.rules.web;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/**
 * The multipart form of a rule-set upload as the OpenAPI document shows it (so Swagger UI offers file choosers).
 * Besides these parts, a part may be named by a file's path, e.g. {@code decision-tables/urgency.drl.xlsx}.
 */
@Schema(name = "RuleSetUpload", description = "Rule-set files to lay over the live ones (or to replace them all, "
        + "with mode=replace)")
record UploadForm(
        @ArraySchema(arraySchema = @Schema(description = "Files placed by their names: x.drl to rules/, "
                + "x.drl.xlsx / x.drl.csv to decision-tables/, x.scenarios.xlsx to decision-tables/scenarios/, "
                + "x.xml to solver-config/"), schema = @Schema(type = "string", format = "binary"))
        List<MultipartFile> file,
        @Schema(description = "A zip whose entries are named rules/…, decision-tables/…, solver-config/… (optionally "
                + "inside one top folder)", type = "string", format = "binary")
        MultipartFile zip) {
}
