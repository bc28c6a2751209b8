package com.subdecide.readme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's examples as a reader pastes them: every {@code ```sh} block, in order, with the {@code ```json} or
 * {@code ```text} block that follows it as its printed output. An output matches when it has the README's shape:
 * the same keys, array lengths, value types, booleans, and the same words in every string once ids, versions,
 * times and numbers are set aside (they differ from run to run, or with the machine's speed).
 */
final class ReadmeExamples {

    /** One command block and the output the README shows for it (null when it shows none). */
    record Example(int line, String commands, String expected, boolean json) {
    }

    private static final Pattern FENCE = Pattern.compile("(?m)^```([a-z]*)\\n(.*?)^```\\s*$", Pattern.DOTALL);

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReadmeExamples() {
    }

    static List<Example> parse(String markdown) {
        List<String[]> blocks = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Matcher m = FENCE.matcher(markdown);
        while (m.find()) {
            blocks.add(new String[] {m.group(1), m.group(2)});
            lines.add(1 + (int) markdown.substring(0, m.start()).chars().filter(c -> c == '\n').count());
        }
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String kind = blocks.get(i)[0];
            if (kind.equals("sh")) {
                String next = i + 1 < blocks.size() ? blocks.get(i + 1)[0] : "";
                boolean output = next.equals("json") || next.equals("text");
                examples.add(new Example(lines.get(i), blocks.get(i)[1],
                        output ? blocks.get(i + 1)[1] : null, next.equals("json")));
            } else if (!kind.equals("json") && !kind.equals("text")) {
                throw new IllegalArgumentException("README line " + lines.get(i) + ": a block must be sh, json or text, "
                        + "not '" + kind + "'");
            }
        }
        return examples;
    }

    /** Every way the printed output differs from the README's, empty when it matches. */
    static List<String> differences(Example example, String actual) {
        List<String> out = new ArrayList<>();
        if (example.json()) {
            compare("$", read(example.expected(), "the README's output"), read(actual, "the printed output"), out);
            return out;
        }
        List<String> want = example.expected().lines().toList();
        List<String> got = actual.lines().toList();
        if (want.size() != got.size()) {
            out.add(want.size() + " lines in the README, " + got.size() + " printed:\n" + actual);
            return out;
        }
        for (int i = 0; i < want.size(); i++) {
            JsonNode expected = tryRead(want.get(i));
            if (expected != null) {
                JsonNode printed = tryRead(got.get(i));
                if (printed == null) {
                    out.add("line " + (i + 1) + ": not JSON: " + got.get(i));
                } else {
                    compare("line " + (i + 1) + " $", expected, printed, out);
                }
            } else if (!words(want.get(i)).equals(words(got.get(i)))) {
                out.add("line " + (i + 1) + ": README '" + want.get(i) + "', printed '" + got.get(i) + "'");
            }
        }
        return out;
    }

    private static void compare(String path, JsonNode want, JsonNode got, List<String> out) {
        if (want.getNodeType() != got.getNodeType()) {
            out.add(path + ": README has a " + want.getNodeType() + " (" + want + "), printed a " + got.getNodeType()
                    + " (" + got + ")");
        } else if (want.isObject()) {
            Set<String> wantKeys = names(want);
            Set<String> gotKeys = names(got);
            if (!wantKeys.equals(gotKeys)) {
                out.add(path + ": README's keys " + wantKeys + ", printed " + gotKeys);
            }
            for (String key : wantKeys) {
                if (got.has(key)) {
                    compare(path + "." + key, want.get(key), got.get(key), out);
                }
            }
        } else if (want.isArray()) {
            if (want.size() != got.size()) {
                out.add(path + ": " + want.size() + " items in the README, " + got.size() + " printed: " + got);
            }
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                compare(path + "[" + i + "]", want.get(i), got.get(i), out);
            }
        } else if (want.isBoolean() && want.booleanValue() != got.booleanValue()) {
            out.add(path + ": README " + want + ", printed " + got);
        } else if (want.isTextual() && !words(want.textValue()).equals(words(got.textValue()))) {
            out.add(path + ": README '" + want.textValue() + "', printed '" + got.textValue() + "'");
        }
    }

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern VERSION = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");

    /** The text with ids, versions, times and numbers set aside. */
    static String words(String text) {
        String out = UUID.matcher(text).replaceAll("<id>");
        out = VERSION.matcher(out).replaceAll("<version>");
        out = TIME.matcher(out).replaceAll("<time>");
        return NUMBER.matcher(out).replaceAll("#");
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static JsonNode read(String text, String what) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError(what + " is not JSON: " + e.getOriginalMessage() + "\n" + text);
        }
    }

    private static JsonNode tryRead(String line) {
        String trimmed = line.trim();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(trimmed);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
