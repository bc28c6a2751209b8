package com.subdecide.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's examples ({@code docs/examples/}, packaged as {@code openapi/examples/}): every operation in an order
 * that works on an empty service, with its request, parameters and the answer it gave. The OpenAPI document
 * shows them, and a test calls them all in this order and checks each answer against its example.
 */
public final class ApiExamples {

    /** Where the examples are on the class path. */
    public static final String ROOT = "openapi/examples/";

    /** One call: an operation ({@code METHOD /path}) as a user, with its parameters and bodies. */
    public record Step(String name, String method, String path, String as, Map<String, String> pathParameters,
            Map<String, String> query, String request, Map<String, String> files, Map<String, String> set,
            int status, String produces, boolean example, String schema) {

        /** The answer's example file: {@code <name>-response.json}, or {@code .csv} / {@code .txt} for text. */
        public String response() {
            return name + (produces.equals("text/csv") ? "-response.csv"
                    : produces.startsWith("text/") ? "-response.txt" : "-response.json");
        }
    }

    private ApiExamples() {
    }

    public static List<Step> steps(ObjectMapper json) {
        JsonNode root = tree(json, "operations.json");
        List<Step> steps = new ArrayList<>();
        for (JsonNode step : root.get("steps")) {
            String[] operation = step.get("operation").asText().split(" ", 2);
            steps.add(new Step(step.get("name").asText(), operation[0], operation[1], step.path("as").asText("decider"),
                    strings(step.get("path")), strings(step.get("query")), step.path("request").asText(null),
                    strings(step.get("files")), strings(step.get("set")), step.path("status").asInt(200),
                    step.path("produces").asText("application/json"), step.path("example").asBoolean(true),
                    step.path("schema").asText(null)));
        }
        return steps;
    }

    /** A JSON example, or null when there is none. */
    public static JsonNode tree(ObjectMapper json, String file) {
        String text = text(file);
        try {
            return text == null ? null : json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi example " + file + " is not JSON", e);
        }
    }

    /** An example's text, or null when there is none. */
    public static String text(String file) {
        try (InputStream in = ApiExamples.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }
}
