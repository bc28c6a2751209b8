package com.subdecide.rotation.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** The rotation-plan endpoint of a running service, as a client sees it. */
final class RotationEndpoint {

    static final Path EXAMPLE = Path.of("docs/examples/rotation-plan-request.json");

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;

    RotationEndpoint(int port) {
        this.uri = URI.create("http://localhost:" + port + "/api/v1/decisions/rotation-plan");
    }

    HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return post(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    HttpResponse<String> post(byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", com.subdecide.ApiClient.as("decider", 0).authorization())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String example() {
        try {
            return Files.readString(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
