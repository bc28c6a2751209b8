package com.subdecide.system;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /error}, where the servlet container sends what never reached a controller (a path the security
 * firewall refused, a failed filter): answered as a problem document like every other error. Called directly,
 * with no error to report, it is a 404.
 */
@RestController
@io.swagger.v3.oas.annotations.Hidden
class ProblemErrorController implements ErrorController {

    @RequestMapping(path = "/error", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.NOT_FOUND;
        String path = String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI));
        String detail = code == null ? "Nothing here" : status.is4xxClientError()
                ? "The request to " + path + " cannot be served: " + status.getReasonPhrase()
                : "The service could not answer this request; it has been logged";
        ProblemDetail problem = ProblemHandler.problem(status, status.name().toLowerCase(java.util.Locale.ROOT),
                status.getReasonPhrase(), detail);
        if (code != null) {
            try {
                problem.setInstance(java.net.URI.create(path));
            } catch (IllegalArgumentException e) {
                // a path that is not a URI stays out of the document
            }
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
