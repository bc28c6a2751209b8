package com.subdecide.rotation.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** PostgreSQL goes away and comes back: decisions are refused with 503 meanwhile, and served again after. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "decisions.embedded-postgres.clean=false")
class DecisionLogOutageIntegrationTests {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    EmbeddedPostgres postgres;

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return new RotationEndpoint(port).post(body);
    }

    private String example() {
        return RotationEndpoint.example();
    }

    @Test
    void answers503WithRetryAfterWhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
        int pgPort = postgres.getPort();
        String before = jdbc.sql("SHOW data_directory").query(String.class).single();
        postgres.close();
        try {
            HttpResponse<String> down = post(example());
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).isPresent();
            assertThat(json.readTree(down.body()).get("code").asText()).isEqualTo("storage_unavailable");
            assertThat(down.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        } finally {
            EmbeddedPostgres restarted = EmbeddedPostgres.builder().setDataDirectory(Path.of(before))
                    .setCleanDataDirectory(false).setPort(pgPort).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    restarted.close();
                } catch (IOException e) {
                    // shutting down anyway
                }
            }));
        }
        HttpResponse<String> back = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            back = post(example());
            if (back.statusCode() == 200) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(back.statusCode()).isEqualTo(200);
        String id = json.readTree(back.body()).get("decision_id").asText();
        assertThat(jdbc.sql("SELECT count(*) FROM decision_log WHERE decision_id = CAST(:id AS uuid)").param("id", id)
                .query(Long.class).single()).isEqualTo(1L);
    }

}
