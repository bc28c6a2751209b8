package com.subdecide.rules.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.MediaType;

/** The OpenAPI description of a rule-set upload body ({@link RuleSetUpload}), shared by validation and drafts. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@RequestBody(description = "The files: a multipart form (files by name, parts named by path, or a zip part) or a "
        + "zip body", content = {
                @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(implementation = UploadForm.class)),
                @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary"))})
@interface RuleSetUploadBody {
}
