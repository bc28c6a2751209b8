package com.subdecide.rules.web;

import com.subdecide.rules.ActiveRuleSet;
import com.subdecide.rules.RuleSetDiff;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetRollback;
import com.subdecide.rules.RuleSetValidator;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The live rule set, validation of uploads, stored versions, diffs, reload and rollback. */
@RestController
@RequestMapping("/api/v1/rulesets")
class RuleSetController {

    private final ActiveRuleSet active;
    private final RuleSetVersions versions;
    private final RuleSetDrafts drafts;
    private final RuleSetRollback rollback;

    RuleSetController(ActiveRuleSet active, RuleSetVersions versions, RuleSetDrafts drafts, RuleSetRollback rollback) {
        this.active = active;
        this.versions = versions;
        this.drafts = drafts;
        this.rollback = rollback;
    }

    @Operation(summary = "The live rule set: version, since when, who activated it, its files, and the last reload")
    @GetMapping("/active")
    RuleSetViews.Active active() {
        return RuleSetViews.Active.of(active);
    }

    @Operation(summary = "Read the rule folders now and take them live if they changed, compile and pass their scenarios")
    @PostMapping("/reload")
    ActiveRuleSet.ReloadOutcome reload(Principal who) {
        return active.reloadFromFolders(who.getName());
    }

    @Operation(summary = "Validate uploaded rule-set files (zip or multipart) on top of the live ones, or alone with "
            + "mode=replace: compile, allowlist, table checks and scenarios. Nothing is stored")
    @RuleSetUploadBody
    @PostMapping(path = "/validate", consumes = {"application/zip", MediaType.MULTIPART_FORM_DATA_VALUE})
    RuleSetViews.Validation validate(HttpServletRequest request,
            @RequestParam(name = "delete", required = false) List<String> delete,
            @RequestParam(name = "mode", required = false) String mode) throws IOException {
        RuleSetUpload.Files upload = RuleSetUpload.read(request, delete, mode);
        Map<String, byte[]> files = drafts.compose(upload.changed(), upload.deleted(), upload.replaceAll());
        return RuleSetViews.Validation.of(RuleSetValidator.validate(files, active.runners()));
    }

    @Operation(summary = "Versions that went live, newest first, each with every activation")
    @GetMapping("/versions")
    List<RuleSetVersions.Version> versions(@RequestParam(name = "limit", defaultValue = "50") int limit) {
        return versions.live(Math.max(1, Math.min(limit, 500)));
    }

    @Operation(summary = "One stored version: its activations and files")
    @GetMapping("/versions/{version}")
    Map<String, Object> version(@PathVariable String version) {
        String resolved = resolve(version);
        return Map.of("version", versions.find(resolved).orElseThrow(),
                "files", RuleSetViews.VersionFiles.of(resolved, versions.files(resolved)).files());
    }

    @Operation(summary = "One file of a stored version, as it was")
    @GetMapping("/versions/{version}/files/**")
    ResponseEntity<byte[]> file(@PathVariable String version, HttpServletRequest request) {
        String resolved = resolve(version);
        String uri = request.getRequestURI();
        String path = java.net.URLDecoder.decode(uri.substring(uri.indexOf("/files/") + "/files/".length()),
                java.nio.charset.StandardCharsets.UTF_8);
        byte[] content = versions.files(resolved).get(path);
        if (content == null) {
            throw new NotFoundException("file_not_found", "Version " + resolved + " has no file " + path);
        }
        MediaType type = path.endsWith(".xlsx")
                ? MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                : path.endsWith(".json") ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN;
        return ResponseEntity.ok().contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + path.substring(path.lastIndexOf('/') + 1) + "\"")
                .body(content);
    }

    @Operation(summary = "What changed between two versions (or drafts: draft:<id>); 'to' defaults to the live version. "
            + "Tables cell by cell, text files as a unified diff")
    @GetMapping("/diff")
    RuleSetViews.Diff diff(@RequestParam String from, @RequestParam(required = false) String to) {
        String a = resolveOrDraft(from);
        String b = to == null ? active.current().version() : resolveOrDraft(to);
        return new RuleSetViews.Diff(a, b, RuleSetDiff.between(versions.files(a), versions.files(b)));
    }

    @Operation(summary = "Roll back: take a stored version live again (checked by its scenarios, recorded)")
    @PostMapping("/versions/{version}/activate")
    RuleSetViews.Active activate(@PathVariable String version, Principal who,
            @RequestParam(name = "note", required = false) String note) {
        rollback.rollback(resolve(version), who.getName(), note);
        return RuleSetViews.Active.of(active);
    }

    private String resolveOrDraft(String written) {
        if (written.startsWith("draft:")) {
            try {
                return drafts.find(UUID.fromString(written.substring(6))).version();
            } catch (IllegalArgumentException e) {
                throw new NotFoundException("draft_not_found", "No draft " + written.substring(6));
            }
        }
        return resolve(written);
    }

    private String resolve(String written) {
        return versions.resolve(written).orElseThrow(() -> new NotFoundException("version_not_found",
                "No stored rule-set version matches " + written + " (give sha256:<hex> or at least 8 hex digits)"));
    }
}
