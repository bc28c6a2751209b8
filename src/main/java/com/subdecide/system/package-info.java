/**
 * Cross-cutting pieces every area uses: the embedded PostgreSQL default, the decision log, the mapping of
 * failures to RFC 9457 problem documents, and JSON settings.
 */
package com.subdecide.system;
