package com.subdecide.system;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error report for requests it refuses before the application sees them (an encoded {@code /} or
 * NUL in the path, a broken {@code %} escape): a problem document instead of an HTML page.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, reported);
        if (!reported.get() || !response.setErrorReported()) {
            return;
        }
        String code = status == 400 ? "bad_request" : "http_" + status;
        String detail = status == 400
                ? "The request's path or query cannot be read (an encoded '/' or NUL, or a broken %-escape)"
                : "The request could not be served";
        String body = "{\"type\":\"about:blank\",\"title\":\"" + (status == 400 ? "Bad Request" : "Error")
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone; nothing more to say
        }
    }
}
