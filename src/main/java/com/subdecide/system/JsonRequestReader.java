package com.subdecide.system;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON request body field by field and collects every problem with its JSON path, so that a client
 * learns about all its mistakes in one {@code 400}, never a {@code 5xx}.
 */
public final class JsonRequestReader {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        STRICT.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(64).maxStringLength(100_000).build());
    }

    private final List<FieldProblem> problems = new ArrayList<>();

    /** A body as parsed, and its text exactly as received (what a decision log stores, without writing it again). */
    public record Body(JsonNode tree, String text) {
    }

    /**
     * Reads at most {@code limitBytes} of a body as JSON. Over the limit, empty, or not JSON: a {@code 400}.
     */
    public static JsonNode readBody(InputStream body, int limitBytes) {
        return read(body, limitBytes).tree();
    }

    /** As {@link #readBody}, keeping the body's text as well. */
    public static Body read(InputStream body, int limitBytes) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(limitBytes + 1);
        } catch (IOException e) {
            throw single("unreadable_body", "$", "The body could not be read");
        }
        if (bytes.length > limitBytes) {
            throw single("body_too_large", "$", "The body is larger than " + limitBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw single("empty_body", "$", "The body is empty; a JSON object is expected");
        }
        try {
            JsonNode node = STRICT.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw single("not_json_object", "$", "The body must be a JSON object");
            }
            List<FieldProblem> nul = new ArrayList<>();
            findNul(node, "$", nul);
            if (!nul.isEmpty()) {
                throw new InvalidRequestException("invalid_request", "Text must not contain NUL characters", nul);
            }
            return new Body(node, text(bytes, node));
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
            throw single("not_json", "$", "The body is not valid JSON: " + truncate(reason, 200));
        } catch (IOException e) {
            throw single("not_json", "$", "The body is not valid JSON");
        }
    }

    /**
     * The body's text as received when it is plain UTF-8; a UTF-8 byte-order mark is dropped, and a body in UTF-16
     * or UTF-32 (which the parser recognises by its zero bytes or mark) is written out from the tree instead.
     */
    private static String text(byte[] bytes, JsonNode node) {
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = start; i < Math.min(bytes.length, start + 4); i++) {
            if (bytes[i] == 0 || (bytes[i] & 0xFF) == 0xFE || (bytes[i] & 0xFF) == 0xFF) {
                return node.toString();
            }
        }
        return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
    }

    /**
     * NUL (U+0000) cannot be stored or logged faithfully; it is refused wherever it appears. The walk builds a
     * path only for what it reports (a body has thousands of fields and almost never a NUL).
     */
    private static void findNul(JsonNode node, String path, List<FieldProblem> into) {
        if (into.size() >= 20 || !containsNul(node)) {
            return;
        }
        if (node.isTextual()) {
            into.add(new FieldProblem(path, "nul_character", "must not contain the NUL character"));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().indexOf('\u0000') >= 0) {
                    into.add(new FieldProblem(path, "nul_character", "a field name contains the NUL character"));
                } else {
                    findNul(field.getValue(), path + "." + field.getKey(), into);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                findNul(node.get(i), path + "[" + i + "]", into);
            }
        }
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\u0000') >= 0;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().indexOf('\u0000') >= 0 || containsNul(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (containsNul(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static InvalidRequestException single(String code, String path, String message) {
        return new InvalidRequestException(code, message, List.of(new FieldProblem(path, code, message)));
    }

    public void problem(String path, String code, String message) {
        problems.add(new FieldProblem(path, code, message));
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Throws the collected problems as one {@code 400}, if there are any. */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid_request",
                    problems.size() + " field" + (problems.size() == 1 ? " is" : "s are") + " invalid", problems);
        }
    }

    public String string(JsonNode object, String path, String field, boolean required, int maxLength) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path + "." + field, "required", "'" + field + "' is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            problem(path + "." + field, "wrong_type", "'" + field + "' must be a string");
            return null;
        }
        String value = node.textValue();
        if (value.isBlank()) {
            problem(path + "." + field, "blank", "'" + field + "' must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            problem(path + "." + field, "too_long", "'" + field + "' must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    /** One of {@code allowed}; {@code fallback} when absent. */
    public String choice(JsonNode object, String path, String field, Set<String> allowed, String fallback) {
        String value = string(object, path, field, fallback == null, 64);
        if (value == null) {
            return object.hasNonNull(field) ? null : fallback;
        }
        if (!allowed.contains(value)) {
            problem(path + "." + field, "unknown_value",
                    "'" + field + "' must be one of " + String.join(", ", allowed.stream().sorted().toList()));
            return null;
        }
        return value;
    }

    /** A non-negative amount with at most two decimals. */
    public BigDecimal money(JsonNode object, String path, String field, boolean required, BigDecimal max) {
        BigDecimal value = number(object, path, field, required);
        if (value == null) {
            return null;
        }
        if (value.signum() < 0) {
            problem(path + "." + field, "negative", "'" + field + "' must not be negative");
            return null;
        }
        if (value.stripTrailingZeros().scale() > 2) {
            problem(path + "." + field, "too_many_decimals", "'" + field + "' must have at most 2 decimals");
            return null;
        }
        if (value.compareTo(max) > 0) {
            problem(path + "." + field, "out_of_range", "'" + field + "' must be at most " + max.toPlainString());
            return null;
        }
        return value.setScale(2);
    }

    /** A number within [min, max]; {@code fallback} when absent. */
    public BigDecimal number(JsonNode object, String path, String field, BigDecimal min, BigDecimal max,
            BigDecimal fallback) {
        if (!object.hasNonNull(field)) {
            return fallback;
        }
        BigDecimal value = number(object, path, field, true);
        if (value != null && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
            problem(path + "." + field, "out_of_range",
                    "'" + field + "' must be between " + min.toPlainString() + " and " + max.toPlainString());
            return null;
        }
        return value;
    }

    private BigDecimal number(JsonNode object, String path, String field, boolean required) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path + "." + field, "required", "'" + field + "' is required");
            }
            return null;
        }
        if (!node.isNumber()) {
            problem(path + "." + field, "not_a_number", "'" + field + "' must be a number");
            return null;
        }
        return node.decimalValue();
    }

    /** A whole number in [0, max]. */
    public Integer count(JsonNode object, String path, String field, int max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            problem(path + "." + field, "not_a_whole_number", "'" + field + "' must be a whole number");
            return null;
        }
        if (node.intValue() < 0 || node.intValue() > max) {
            problem(path + "." + field, "out_of_range", "'" + field + "' must be between 0 and " + max);
            return null;
        }
        return node.intValue();
    }

    /** An ISO date {@code YYYY-MM-DD}. */
    public LocalDate date(JsonNode object, String path, String field, boolean required) {
        String value = string(object, path, field, required, 10);
        if (value == null) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.getYear() < 1900 || date.getYear() > 2999) {
                problem(path + "." + field, "out_of_range", "'" + field + "' must be between 1900 and 2999");
                return null;
            }
            return date;
        } catch (DateTimeParseException e) {
            problem(path + "." + field, "invalid_date", "'" + field + "' must be a date YYYY-MM-DD");
            return null;
        }
    }

    /**
     * An ISO instant ({@code 2026-11-20T18:03:11Z}) from 1970 on, not after {@code latest} (the clock plus the skew
     * a sender may have); null with a problem otherwise.
     */
    public java.time.Instant instant(JsonNode object, String path, String field, java.time.Instant latest) {
        String text = string(object, path, field, true, 40);
        if (text == null) {
            return null;
        }
        try {
            java.time.Instant instant = java.time.Instant.parse(text);
            if (instant.isAfter(latest)) {
                problem(path + "." + field, "out_of_range", "'" + field + "' is in the future");
            } else if (instant.isBefore(java.time.Instant.EPOCH)) {
                problem(path + "." + field, "out_of_range", "'" + field + "' must be after 1970");
            }
            return instant;
        } catch (java.time.format.DateTimeParseException e) {
            problem(path + "." + field, "invalid_date", "'" + field + "' must be an ISO instant like 2026-11-20T18:03:11Z");
            return null;
        }
    }

    /** The elements of an array field; empty when absent and not required. Elements are not checked here. */
    public List<JsonNode> array(JsonNode object, String path, String field, boolean required, int maxSize) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problem(path + "." + field, "required", "'" + field + "' is required");
            }
            return List.of();
        }
        if (!node.isArray()) {
            problem(path + "." + field, "wrong_type", "'" + field + "' must be an array");
            return List.of();
        }
        if (node.size() > maxSize) {
            problem(path + "." + field, "too_many", "'" + field + "' must have at most " + maxSize + " entries");
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>(node.size());
        node.forEach(elements::add);
        return elements;
    }

    /** True when the element is an object; records a problem otherwise. */
    public boolean isObject(JsonNode element, String path) {
        if (!element.isObject()) {
            problem(path, "wrong_type", "must be an object");
            return false;
        }
        return true;
    }

    /** The strings of an array-of-strings field; {@code fallback} when absent. */
    public List<String> strings(JsonNode object, String path, String field, int maxSize, int maxLength,
            List<String> fallback) {
        if (!object.hasNonNull(field)) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        List<JsonNode> elements = array(object, path, field, true, maxSize);
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            if (!element.isTextual() || element.textValue().isBlank()) {
                problem(path + "." + field + "[" + i + "]", "wrong_type", "must be a non-blank string");
            } else if (element.textValue().length() > maxLength) {
                problem(path + "." + field + "[" + i + "]", "too_long", "must be at most " + maxLength + " characters");
            } else {
                values.add(element.textValue());
            }
        }
        return values;
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
