package com.subdecide.rules.web;

import com.subdecide.rules.RuleSetDiff;
import com.subdecide.rules.RuleSetDrafts;
import com.subdecide.rules.RuleSetVersions;
import com.subdecide.rules.ScenarioReport;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.ForbiddenException;
import com.subdecide.system.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Draft rule sets: upload, inspect, run scenarios, promote or discard. */
@RestController
@RequestMapping("/api/v1/rulesets/drafts")
class DraftController {

    private final RuleSetDrafts drafts;
    private final RuleSetVersions versions;

    DraftController(RuleSetDrafts drafts, RuleSetVersions versions) {
        this.drafts = drafts;
        this.versions = versions;
    }

    @Operation(summary = "Upload a draft: changed files (multipart, part name = path) or a zip, on top of the live "
            + "files (or alone with mode=replace). It must compile; live traffic is not affected")
    @RuleSetUploadBody
    @PostMapping(consumes = {"application/zip", MediaType.MULTIPART_FORM_DATA_VALUE})
    ResponseEntity<RuleSetViews.DraftView> create(HttpServletRequest request, Principal who,
            @RequestParam(name = "delete", required = false) List<String> delete,
            @RequestParam(name = "mode", required = false) String mode,
            @RequestParam(name = "note", required = false) String note) throws IOException {
        RuleSetUpload.Files upload = RuleSetUpload.read(request, delete, mode);
        Map<String, byte[]> files = drafts.compose(upload.changed(), upload.deleted(), upload.replaceAll());
        if (!request.isUserInRole("ADMIN")) {
            // Value cells are data an analyst owns; the tables' code templates belong to ADMIN.
            List<FieldProblem> templates = drafts.templateChanges(files);
            if (!templates.isEmpty()) {
                throw new ForbiddenException("template_change_requires_admin", "The draft changes " + templates.size()
                        + " template cell(s) of decision tables; analysts may change value cells and headers only",
                        templates);
            }
        }
        RuleSetDrafts.Created created = drafts.create(files, who.getName(), note);
        RuleSetDrafts.Draft draft = created.draft();
        return ResponseEntity.created(URI.create("/api/v1/rulesets/drafts/" + draft.draftId()))
                .body(new RuleSetViews.DraftView(draft, RuleSetViews.Validation.of(created.report()),
                        changes(draft)));
    }

    @GetMapping
    List<RuleSetDrafts.Draft> list(@RequestParam(name = "status", required = false) String status) {
        return drafts.list(Optional.ofNullable(status));
    }

    @Operation(summary = "A draft and what it changes compared with the version it was made from")
    @GetMapping("/{id}")
    RuleSetViews.DraftView get(@PathVariable String id) {
        RuleSetDrafts.Draft draft = drafts.find(uuid(id));
        return new RuleSetViews.DraftView(draft, null, changes(draft));
    }

    @Operation(summary = "Run the draft's test scenarios")
    @PostMapping("/{id}/scenarios")
    ScenarioReport scenarios(@PathVariable String id) {
        return drafts.scenarios(uuid(id));
    }

    @Operation(summary = "Take the draft live (recorded). Refused if its scenarios fail, or if the live version "
            + "changed since the draft was made, unless force=true")
    @PostMapping("/{id}/promote")
    RuleSetDrafts.Draft promote(@PathVariable String id, Principal who,
            @RequestParam(name = "force", defaultValue = "false") boolean force) {
        return drafts.promote(uuid(id), who.getName(), force);
    }

    @Operation(summary = "Discard the draft (kept on record as DISCARDED)")
    @DeleteMapping("/{id}")
    RuleSetDrafts.Draft discard(@PathVariable String id, Principal who) {
        return drafts.discard(uuid(id), who.getName());
    }

    private List<RuleSetDiff.FileChange> changes(RuleSetDrafts.Draft draft) {
        return RuleSetDiff.between(versions.files(draft.baseVersion()), versions.files(draft.version()));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("draft_not_found", "No draft " + id);
        }
    }
}
