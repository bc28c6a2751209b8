/**
 * Cross-cutting pieces every area uses: the node's name ({@link com.subdecide.system.Node}), jobs as db-scheduler
 * executions shared by every node ({@link com.subdecide.system.Jobs}), the embedded PostgreSQL default (durable, cleaning up after a killed
 * service), the decision log, security (users and roles, sign-in throttling and audit, the {@code prod} checks),
 * the mapping of failures to RFC 9457 problem documents (including the server's own refusals and {@code /error}),
 * the OpenAPI document (with the API's examples, {@link com.subdecide.system.ApiExamples}), long polling of job
 * status ({@code wait_seconds}), and JSON settings.
 */
package com.subdecide.system;
