package com.subdecide.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Assignment against the test vectors GrowthBook publishes with its SDKs ({@code src/test/resources/growthbook/}),
 * and against non-ASCII ids hashed by the SDK's algorithm in JavaScript, whose strings are UTF-16 code units.
 */
class GrowthBookVectorsTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode cases(String file) throws IOException {
        try (InputStream in = GrowthBookVectorsTests.class.getResourceAsStream("/growthbook/" + file)) {
            return JSON.readTree(in);
        }
    }

    @Test
    void hashesAsTheSdkDoes() throws IOException {
        JsonNode cases = cases("sdk-cases.json").get("hash");
        assertThat(cases.size()).isGreaterThanOrEqualTo(15);
        for (JsonNode c : cases) {
            Double hash = Assignment.hash(c.get(0).asText(), c.get(1).asText(), c.get(2).asInt());
            if (c.get(3).isNull()) {
                assertThat(hash).as(c.toString()).isNull();
            } else {
                assertThat(hash).as(c.toString()).isCloseTo(c.get(3).asDouble(), within(1e-9));
            }
        }
    }

    @Test
    void hashesNonAsciiIdsByUtf16CodeUnits() throws IOException {
        for (JsonNode c : cases("non-ascii.json").get("hash")) {
            assertThat(Assignment.hash(c.get(0).asText(), c.get(1).asText(), c.get(2).asInt())).as(c.toString())
                    .isCloseTo(c.get(3).asDouble(), within(1e-9));
        }
        // A character outside the Basic Multilingual Plane is two code units, as JavaScript counts it.
        assertThat("😀user").hasSize(6);
    }

    @Test
    void bucketRangesAsTheSdkDoes() throws IOException {
        for (JsonNode c : cases("sdk-cases.json").get("getBucketRange")) {
            JsonNode args = c.get(1);
            double[] weights = args.get(2).isNull() ? null : doubles(args.get(2));
            List<Assignment.Range> ranges = Assignment.bucketRanges(args.get(0).asInt(), args.get(1).asDouble(), weights);
            assertThat(ranges).as(c.get(0).asText()).hasSize(c.get(2).size());
            for (int i = 0; i < ranges.size(); i++) {
                assertThat(ranges.get(i).start()).as(c.get(0).asText()).isCloseTo(c.get(2).get(i).get(0).asDouble(), within(1e-9));
                assertThat(ranges.get(i).end()).as(c.get(0).asText()).isCloseTo(c.get(2).get(i).get(1).asDouble(), within(1e-9));
            }
        }
    }

    @Test
    void choosesVariationsAsTheSdkDoes() throws IOException {
        for (JsonNode c : cases("sdk-cases.json").get("chooseVariation")) {
            assertThat(Assignment.chooseVariation(c.get(1).asDouble(), ranges(c.get(2)))).as(c.get(0).asText())
                    .isEqualTo(c.get(3).asInt());
        }
    }

    @Test
    void namespacesAsTheSdkDoes() throws IOException {
        for (JsonNode c : cases("sdk-cases.json").get("inNamespace")) {
            JsonNode ns = c.get(2);
            assertThat(Assignment.inNamespace(c.get(1).asText(),
                    new Assignment.Namespace(ns.get(0).asText(), ns.get(1).asDouble(), ns.get(2).asDouble())))
                    .as(c.get(0).asText()).isEqualTo(c.get(3).asBoolean());
        }
    }

    @Test
    void equalWeightsAsTheSdkDoes() throws IOException {
        for (JsonNode c : cases("sdk-cases.json").get("getEqualWeights")) {
            double[] weights = Assignment.equalWeights(c.get(0).asInt());
            assertThat(weights).hasSize(c.get(1).size());
            for (int i = 0; i < weights.length; i++) {
                assertThat(weights[i]).isCloseTo(c.get(1).get(i).asDouble(), within(1e-8));
            }
        }
    }

    /** Whole experiments: [name, context, experiment, value, in experiment, hash used]. */
    @Test
    void runsExperimentsAsTheSdkDoes() throws IOException {
        JsonNode runs = cases("sdk-cases.json").get("run");
        assertThat(runs.size()).isGreaterThanOrEqualTo(50);
        for (JsonNode c : runs) {
            JsonNode exp = c.get(2);
            Map<String, String> attributes = new HashMap<>();
            c.get(1).path("attributes").fields().forEachRemaining(a -> {
                if (!a.getValue().isNull()) {
                    attributes.put(a.getKey(), a.getValue().asText());
                }
            });
            Assignment.Namespace namespace = exp.has("namespace") ? new Assignment.Namespace(
                    exp.get("namespace").get(0).asText(), exp.get("namespace").get(1).asDouble(),
                    exp.get("namespace").get(2).asDouble()) : null;
            List<Assignment.Filter> filters = new ArrayList<>();
            for (JsonNode f : exp.path("filters")) {
                filters.add(new Assignment.Filter(f.get("seed").asText(), f.path("attribute").asText(null),
                        ranges(f.get("ranges")), f.path("hashVersion").asInt(2)));
            }
            Assignment.Design design = new Assignment.Design(exp.get("key").asText(), exp.path("seed").asText(null),
                    exp.get("variations").size(), exp.path("coverage").asDouble(1),
                    exp.has("weights") ? doubles(exp.get("weights")) : null,
                    exp.has("ranges") ? ranges(exp.get("ranges")) : null, namespace, filters,
                    exp.path("hashVersion").asInt(1), exp.path("active").asBoolean(true),
                    exp.path("hashAttribute").asText(null));
            Assignment.Result result = Assignment.assign(design, attributes);
            assertThat(exp.get("variations").get(result.variation())).as(c.get(0).asText()).isEqualTo(c.get(3));
            assertThat(result.inExperiment()).as(c.get(0).asText()).isEqualTo(c.get(4).asBoolean());
            assertThat(result.hashUsed()).as(c.get(0).asText()).isEqualTo(c.get(5).asBoolean());
        }
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    static List<Assignment.Range> ranges(JsonNode array) {
        List<Assignment.Range> out = new ArrayList<>();
        for (JsonNode r : array) {
            out.add(new Assignment.Range(r.get(0).asDouble(), r.get(1).asDouble()));
        }
        return out;
    }
}
