package com.subdecide.rotation.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.DecisionServiceApplication;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Ten thousand malformed or hostile bodies thrown at the running service over HTTP: the answer is always a
 * 200 within budget or a 400 problem document, never a 5xx.
 */
class RotationPlanFuzzIntegrationTests {

    private static ConfigurableApplicationContext app;
    private static HttpClient http;
    private static URI endpoint;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ObjectNode example;
    private static List<JsonPointer> paths;

    @BeforeContainer
    static void start() throws Exception {
        app = new SpringApplicationBuilder(DecisionServiceApplication.class).run("--server.port=0");
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        endpoint = URI.create("http://localhost:" + port + "/api/v1/decisions/rotation-plan");
        http = HttpClient.newHttpClient();
        example = (ObjectNode) JSON.readTree(Files.readString(Path.of("docs/examples/rotation-plan-request.json")));
        paths = new ArrayList<>();
        collect(example, JsonPointer.empty(), paths);
    }

    @AfterContainer
    static void stop() {
        app.close();
    }

    @Property(tries = 10_000, seed = "20261123")
    void neverA5xx(@ForAll("bodies") String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/json")
                .header("Authorization", com.subdecide.ApiClient.as("decider", 0).authorization()).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(body).isIn(200, 400);
        JsonNode answer = JSON.readTree(response.body());
        if (response.statusCode() == 200) {
            assertThat(answer.get("total_monthly_cost").decimalValue())
                    .isLessThanOrEqualTo(answer.get("budget_cap").decimalValue());
        } else {
            assertThat(answer.get("code").asText()).isNotBlank();
            assertThat(answer.get("errors")).isNotEmpty();
        }
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, 4), hostileValues()).as(RotationPlanFuzzIntegrationTests::mutate);
        Arbitrary<String> twiceMutated = Combinators.combine(mutated, Arbitraries.integers().between(0, 10_000),
                hostileValues()).as((body, at, value) -> {
                    try {
                        return mutate((ObjectNode) JSON.readTree(body), at, 0, value);
                    } catch (Exception e) {
                        return body;
                    }
                });
        Arbitrary<String> garbage = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("{}[]\":,0123456789.-eE truefalsnul").ofMaxLength(300),
                Arbitraries.of("", "null", "[]", "{}", "\"x\"", "1e999999", "{\"user_id\":\"u\"}",
                        "[".repeat(5000), "{\"a\":".repeat(3000)));
        return Arbitraries.frequencyOf(Tuple.of(6, mutated), Tuple.of(3, twiceMutated), Tuple.of(1, garbage));
    }

    private static Arbitrary<JsonNode> hostileValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(50).map(f::textNode),
                Arbitraries.integers().map(f::numberNode),
                Arbitraries.doubles().map(d -> f.numberNode(BigDecimal.valueOf(d))),
                Arbitraries.bigDecimals().ofScale(5).map(f::numberNode),
                Arbitraries.of(f.nullNode(), f.booleanNode(true), f.arrayNode(), f.objectNode(),
                        f.textNode("2026-02-30"), f.textNode("2026-12-01"), f.numberNode(new BigDecimal("1e400")),
                        f.numberNode(-0.01), f.numberNode(1e308), f.textNode("MUST_WATCH"), f.textNode("PREMIUM"),
                        f.textNode("netflix"), f.textNode("x".repeat(300)), f.textNode("\u0000\uFFFF"),
                        f.numberNode(Long.MAX_VALUE)));
    }

    private static String mutate(int at, int action, JsonNode value) {
        return mutate(example.deepCopy(), at, action, value);
    }

    /** Replaces, removes or duplicates the node at one of the example's paths. */
    private static String mutate(ObjectNode body, int at, int action, JsonNode value) {
        JsonPointer path = paths.get(at % paths.size());
        JsonNode parent = body.at(path.head());
        String last = path.last().getMatchingProperty();
        int index = path.last().getMatchingIndex();
        if (parent instanceof ObjectNode object) {
            switch (action) {
                case 0, 1, 2 -> object.set(last, value);
                case 3 -> object.remove(last);
                default -> object.set(last + "_extra", value);
            }
        } else if (parent instanceof ArrayNode array && index >= 0 && index < array.size()) {
            switch (action) {
                case 0, 1, 2 -> array.set(index, value);
                case 3 -> array.remove(index);
                default -> array.add(array.get(index).deepCopy());
            }
        }
        return body.toString();
    }

    private static void collect(JsonNode node, JsonPointer at, List<JsonPointer> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonPointer child = at.appendProperty(field.getKey());
                into.add(child);
                collect(field.getValue(), child, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonPointer child = at.appendIndex(i);
                into.add(child);
                collect(node.get(i), child, into);
            }
        }
    }
}
