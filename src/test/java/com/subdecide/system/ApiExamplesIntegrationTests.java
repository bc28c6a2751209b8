package com.subdecide.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.subdecide.ApiClient;
import com.subdecide.rules.RuleFolders;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every operation of the API called with the example its OpenAPI document shows ({@code docs/examples/operations.json},
 * in order, on an empty service), each answer checked against the example answer the document shows: the same
 * top-level fields, no field the example does not have, the same types. Then the document itself: every operation
 * has an example, every JSON body and answer a schema with properties, every property a description.
 * With {@code -Dapi.examples.write=true} the answers are written back into {@code docs/examples/} instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiExamplesIntegrationTests {

    static final Path ROOT = temp();
    static final RuleFolders FOLDERS = RuleFolders.copyOfShipped(ROOT);
    static final Path EXAMPLES = Path.of("docs/examples");
    static final boolean WRITE = Boolean.getBoolean("api.examples.write");
    static final Pattern REFERENCE = Pattern.compile("\\$([a-z0-9-]+)\\.([a-z0-9_.]+)");

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("decisions.rules.rules-dir", () -> FOLDERS.path("rules").toString());
        registry.add("decisions.rules.tables-dir", () -> FOLDERS.path("decision-tables").toString());
        registry.add("decisions.rules.solver-dir", () -> FOLDERS.path("solver-config").toString());
        registry.add("decisions.rules.watch", () -> "false");
        registry.add("decisions.campaigns.delivery-poll-millis", () -> "100");
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;

    @Test
    void everyOperationAnswersItsExampleAsDocumented() throws Exception {
        // Shoppers with events, so that a propensity model can be trained and benefits allocated.
        com.subdecide.tools.GenerateEvents.main(new String[] {"1000", "42", "http://localhost:" + port});
        // Subscribers with three years of history, so that churn, lifetime values and forecasts have data (their
        // sessions left out: they would join the shoppers the propensity models learn from).
        com.subdecide.tools.GenerateSubscriptions.main(new String[] {"2000", "11", "http://localhost:" + port,
                "without-usage"});
        // Visitors shown prices, so that elasticities have data.
        com.subdecide.tools.GenerateExposures.main(new String[] {"6000", "11", "http://localhost:" + port});
        Map<String, JsonNode> answers = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ApiExamples.Step step : ApiExamples.steps(json)) {
            HttpResponse<String> response = call(step, answers);
            assertThat(response.statusCode()).as("%s %s %s: %s", step.name(), step.method(), step.path(), response.body())
                    .isEqualTo(step.status());
            if (!step.produces().equals("application/json")) {
                assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(step.produces());
                if (WRITE && step.example()) {
                    // The first rows are example enough.
                    Files.writeString(EXAMPLES.resolve(step.response()),
                            String.join("\n", response.body().lines().limit(11).toList()) + "\n");
                }
                continue;
            }
            JsonNode answer = json.readTree(response.body());
            answers.put(step.name(), answer);
            if (!step.example()) {
                continue;
            }
            if (WRITE) {
                Files.writeString(EXAMPLES.resolve(step.response()),
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(answer) + "\n");
                continue;
            }
            JsonNode example = ApiExamples.tree(json, step.response());
            if (example == null) {
                problems.add(step.name() + ": no example answer " + step.response());
                continue;
            }
            if (!names(example).equals(names(answer))) {
                problems.add(step.name() + ": the example's fields " + names(example) + ", answered " + names(answer));
            }
            compare(step.name() + " $", example, answer, problems);
        }
        assertThat(problems).isEmpty();

        String text = ApiClient.as("decider", port).get("/v3/api-docs").body();
        Files.writeString(Files.createDirectories(Path.of("target/api-docs")).resolve("openapi.json"), text);
        JsonNode document = json.readTree(text);
        assertTheDocumentShowsEveryExample(document);
    }

    void assertTheDocumentShowsEveryExample(JsonNode document) {
        Set<String> stepped = new LinkedHashSet<>();
        ApiExamples.steps(json).forEach(s -> stepped.add(s.method() + " " + s.path()));
        List<String> missing = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = op.getValue();
            if (!stepped.contains(name)) {
                missing.add(name + ": no example step");
            }
            JsonNode body = operation.path("requestBody").path("content");
            if (body.has("application/json")) {
                if (!body.path("application/json").has("example")) {
                    missing.add(name + ": request body without example");
                }
                if (!resolvable(document, body.path("application/json").path("schema"))) {
                    missing.add(name + ": request body without a schema");
                }
            } else if (!body.has("multipart/form-data") && Set.of("post", "put", "patch").contains(op.getKey())
                    && operation.has("requestBody")) {
                missing.add(name + ": request body of another kind " + body.fieldNames().next());
            }
            operation.path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().startsWith("2")) {
                    JsonNode content = response.getValue().path("content");
                    content.fields().forEachRemaining(media -> {
                        if (!media.getValue().has("example")) {
                            missing.add(name + " " + response.getKey() + " " + media.getKey() + ": answer without example");
                        }
                        if (media.getKey().contains("json") && !resolvable(document, media.getValue().path("schema"))) {
                            missing.add(name + " " + response.getKey() + ": answer without a schema");
                        }
                    });
                    if (content.isEmpty()) {
                        missing.add(name + " " + response.getKey() + ": answer without content");
                    }
                }
            });
        }));
        List<String> undescribed = new ArrayList<>();
        document.path("components").path("schemas").fields().forEachRemaining(schema ->
                undescribed(schema.getKey(), schema.getValue(), undescribed));
        assertThat(missing).isEmpty();
        assertThat(undescribed).as("properties without a description").isEmpty();
        assertThat(document.path("components").path("schemas").has("JsonNode")).isFalse();
    }

    static boolean resolvable(JsonNode document, JsonNode schema) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().substring("#/components/schemas/".length());
            return resolvable(document, document.path("components").path("schemas").path(name));
        }
        if (schema.path("type").asText().equals("array")) {
            return resolvable(document, schema.path("items"));
        }
        return schema.path("properties").size() > 0;
    }

    static void undescribed(String owner, JsonNode schema, List<String> out) {
        schema.path("properties").fields().forEachRemaining(p -> {
            if (!p.getValue().has("description")) {
                out.add(owner + "." + p.getKey());
            }
            undescribed(owner, p.getValue(), out);
        });
        if (schema.has("items")) {
            undescribed(owner, schema.get("items"), out);
        }
    }

    HttpResponse<String> call(ApiExamples.Step step, Map<String, JsonNode> answers) throws IOException {
        String path = step.path();
        for (Map.Entry<String, String> parameter : step.pathParameters().entrySet()) {
            String value = resolve(parameter.getValue(), answers);
            path = parameter.getKey().equals("**") ? path.replace("**", value)
                    : path.replace("{" + parameter.getKey() + "}", URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> parameter : step.query().entrySet()) {
            query.append(query.isEmpty() ? "?" : "&").append(parameter.getKey()).append('=')
                    .append(URLEncoder.encode(resolve(parameter.getValue(), answers), StandardCharsets.UTF_8));
        }
        ApiClient client = ApiClient.as(step.as(), port);
        if (!step.files().isEmpty()) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (Map.Entry<String, String> file : step.files().entrySet()) {
                files.put(file.getKey(), Files.readAllBytes(EXAMPLES.resolve(file.getValue())));
            }
            return client.postFiles(path + query, files);
        }
        if (step.request() == null) {
            return switch (step.method()) {
                case "GET" -> client.get(path + query);
                case "DELETE" -> client.delete(path + query);
                default -> client.send(step.method(), path + query, "");
            };
        }
        String body;
        {
            JsonNode request = ApiExamples.tree(json, step.request());
            for (Map.Entry<String, String> set : step.set().entrySet()) {
                String pointer = set.getKey();
                ObjectNode parent = (ObjectNode) request.at(pointer.substring(0, pointer.lastIndexOf('/')));
                parent.set(pointer.substring(pointer.lastIndexOf('/') + 1), TextNode.valueOf(resolve(set.getValue(), answers)));
            }
            body = request.toString();
        }
        return client.send(step.method(), path + query, body);
    }

    static String resolve(String value, Map<String, JsonNode> answers) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode answer = answers.get(m.group(1));
            assertThat(answer).as("step %s has not answered before %s", m.group(1), value).isNotNull();
            JsonNode field = answer.at("/" + m.group(2).replace('.', '/'));
            assertThat(field.isMissingNode()).as("%s in %s", m.group(2), answer).isFalse();
            m.appendReplacement(out, Matcher.quoteReplacement(field.asText()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** No field the example lacks, and the same JSON types where both have a value. */
    static void compare(String path, JsonNode example, JsonNode answer, List<String> problems) {
        if (example.isNull() || answer.isNull()) {
            return;
        }
        if (example.getNodeType() != answer.getNodeType()) {
            problems.add(path + ": the example has a " + example.getNodeType() + ", answered a " + answer.getNodeType());
        } else if (example.isObject()) {
            for (String name : names(answer)) {
                if (!example.has(name)) {
                    problems.add(path + "." + name + ": answered, not in the example");
                } else {
                    compare(path + "." + name, example.get(name), answer.get(name), problems);
                }
            }
        } else if (example.isArray() && !example.isEmpty()) {
            for (int i = 0; i < answer.size(); i++) {
                compare(path + "[" + i + "]", example.get(Math.min(i, example.size() - 1)).isObject()
                        ? union(example) : example.get(0), answer.get(i), problems);
            }
        }
    }

    static JsonNode union(JsonNode array) {
        ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (JsonNode item : array) {
            item.fields().forEachRemaining(f -> {
                if (!out.has(f.getKey()) || out.get(f.getKey()).isNull()) {
                    out.set(f.getKey(), f.getValue());
                }
            });
        }
        return out;
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    static Path temp() {
        try {
            return Files.createTempDirectory("api-examples");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
