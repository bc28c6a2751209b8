package com.subdecide.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the embedded PostgreSQL keeps its data when no {@code spring.datasource.url} is set.
 *
 * @param dataDir data directory; kept across restarts unless {@code clean} is true
 * @param clean   wipe the data directory at start (tests)
 * @param port    port to listen on, 0 for any free port
 */
@ConfigurationProperties("decisions.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue(".data/postgres") String dataDir,
        @DefaultValue("false") boolean clean,
        @DefaultValue("0") int port) {
}
