package com.subdecide.system;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become RFC 9457 problem documents. Every document carries a stable
 * {@code code}; request problems also carry {@code errors}, one per offending field with its JSON path.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalidRequest(InvalidRequestException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, e.code(), "Invalid request", e.getMessage());
        problem.setProperty("errors", e.problems());
        return ResponseEntity.badRequest().body(problem);
    }

    /** The live rules went past their bounds on this request's facts: named, so an analyst can fix the rule. */
    @ExceptionHandler(com.subdecide.rules.RuleLimitExceededException.class)
    ResponseEntity<ProblemDetail> ruleLimit(com.subdecide.rules.RuleLimitExceededException e) {
        log.error("rule limit exceeded: {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_ENTITY, "rule_limit_exceeded",
                "The rules could not finish on this request", e.getMessage());
        problem.setProperty("rule", e.rule());
        problem.setProperty("source", e.source());
        return ResponseEntity.unprocessableEntity().body(problem);
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e) {
        ProblemDetail problem = problem(HttpStatus.FORBIDDEN, e.code(), "Forbidden", e.getMessage());
        problem.setProperty("errors", e.problems());
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(problem);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .body(problem(HttpStatus.NOT_FOUND, e.code(), "Not found", e.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, e.code(), "Conflict", e.getMessage());
        if (e.details() != null) {
            problem.setProperty("details", e.details());
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            org.springframework.web.multipart.MaxUploadSizeExceededException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "upload_too_large", "Invalid request",
                "The upload is larger than the service accepts (see spring.servlet.multipart.max-request-size)");
        problem.setProperty("errors", List.of(new FieldProblem("$", "upload_too_large", problem.getDetail())));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(Exception e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable_upload", "Invalid request",
                "The multipart upload could not be read: " + e.getMessage());
        problem.setProperty("errors", List.of(new FieldProblem("$", "unreadable_upload", problem.getDetail())));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler({StorageUnavailableException.class, CannotGetJdbcConnectionException.class,
            TransientDataAccessException.class, RecoverableDataAccessException.class,
            org.springframework.dao.DataAccessResourceFailureException.class})
    ResponseEntity<ProblemDetail> storageUnavailable(RuntimeException e) {
        log.warn("decision storage unavailable: {}", e.getMessage());
        ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "storage_unavailable",
                "Decision log unavailable",
                "The decision could not be recorded, so it was not answered. Retry in a few seconds.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
                "Internal error", "The service failed to answer; the failure was logged."));
    }

    /** Framework-detected problems (wrong method, wrong media type, unreadable body) get a code too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            problem.setProperty("code", codeFor(statusCode));
            if (statusCode.value() == 400) {
                problem.setProperty("errors", List.of(new FieldProblem("$", "unreadable", "The body could not be read")));
            }
        }
        return response;
    }

    private static String codeFor(HttpStatusCode status) {
        HttpStatus resolved = HttpStatus.resolve(status.value());
        return resolved == null ? "http_" + status.value() : resolved.name().toLowerCase();
    }

    static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://subdecide.dev/problems/" + code.replace('_', '-')));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }
}
