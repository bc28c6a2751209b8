package com.subdecide.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.core.jackson.TypeNameResolver;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.DateTimeSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.NumberSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI document says about bodies. The controllers read their JSON themselves (to name every bad field
 * at its path), so the document takes each operation's request and answer from {@link ApiExamples}: the example
 * itself, and, where the code's types do not say it, a schema read off the example. Every property gets its
 * description from {@code openapi/descriptions.properties} ({@code Schema.property}, else {@code property}).
 * Nested types are named with the type they belong to ({@code RotationPlanKeep}), so that two {@code Job}s do
 * not overwrite each other.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(Z|[+-]\\d{2}:\\d{2})");

    @Bean
    ModelResolver qualifiedNestedTypeNames(ObjectMapper json) {
        return new ModelResolver(json, new TypeNameResolver() {
            @Override
            protected String nameForClass(Class<?> cls, Set<Options> options) {
                String name = super.nameForClass(cls, options);
                Class<?> outer = cls.getEnclosingClass();
                return outer != null && cls.getPackageName().startsWith("com.subdecide") && name.equals(cls.getSimpleName())
                        ? outer.getSimpleName() + name : name;
            }
        });
    }

    @Bean
    OpenApiCustomizer examplesAndDescriptions(ObjectMapper json) {
        Properties descriptions = descriptions();
        return openApi -> {
            Set<String> documented = new LinkedHashSet<>();
            for (ApiExamples.Step step : ApiExamples.steps(json)) {
                if (step.example() && documented.add(step.method() + " " + step.path())) {
                    Operation operation = operation(openApi, step);
                    if (operation != null) {
                        document(openApi, operation, step, json);
                    }
                }
            }
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents().getSchemas().remove("JsonNode");
                openApi.getComponents().getSchemas().forEach((name, schema) -> describe(name, "", schema, descriptions));
            }
        };
    }

    private static Operation operation(OpenAPI openApi, ApiExamples.Step step) {
        PathItem item = openApi.getPaths() == null ? null : openApi.getPaths().get(step.path());
        if (item == null) {
            return null;
        }
        return item.readOperationsMap().get(PathItem.HttpMethod.valueOf(step.method()));
    }

    private static void document(OpenAPI openApi, Operation operation, ApiExamples.Step step, ObjectMapper json) {
        String type = pascal(step.name());
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                String value = "path".equals(parameter.getIn()) ? step.pathParameters().get(parameter.getName())
                        : step.query().get(parameter.getName());
                if (value != null && !value.contains("$")) {
                    parameter.setExample(value);
                }
            }
        }
        if (step.request() != null) {
            JsonNode example = ApiExamples.tree(json, step.request());
            RequestBody body = operation.getRequestBody() != null ? operation.getRequestBody() : new RequestBody();
            MediaType media = body.getContent() == null ? null
                    : body.getContent().get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            if (step.schema() != null) {
                media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + step.schema()));
            } else if (media == null || weak(media.getSchema())) {
                media = new MediaType().schema(component(openApi, type + "Request", example));
            }
            media.setExample(example);
            body.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, media));
            body.setRequired(true);
            operation.setRequestBody(body);
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponse ok = responses.get(String.valueOf(step.status()));
        if (ok == null) {
            ok = responses.remove("200");
            ok = ok == null ? new ApiResponse().description(statusText(step.status())) : ok;
            if ("OK".equals(ok.getDescription())) {
                ok.setDescription(statusText(step.status()));
            }
            responses.addApiResponse(String.valueOf(step.status()), ok);
        }
        if (step.produces().equals("application/json")) {
            JsonNode example = ApiExamples.tree(json, step.response());
            MediaType media = ok.getContent() == null ? null : ok.getContent().values().stream().findFirst().orElse(null);
            if (example != null) {
                if (media == null || weak(media.getSchema())) {
                    media = new MediaType().schema(component(openApi, type + "Response", example));
                }
                media.setExample(example);
                ok.setContent(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, media));
            }
        } else {
            String example = ApiExamples.text(step.response());
            if (example != null) {
                ok.setContent(new Content().addMediaType(step.produces(),
                        new MediaType().schema(new StringSchema()).example(example)));
            }
        }
        operation.setResponses(responses);
    }

    private static String statusText(int status) {
        return switch (status) {
            case 201 -> "Created";
            case 202 -> "Accepted: a job, run in the background; its status is at the returned id";
            default -> "OK";
        };
    }

    /** A schema the code's types leave empty: a map, a JSON tree, a string for a JSON answer, or none. */
    @SuppressWarnings("rawtypes")
    private static boolean weak(Schema schema) {
        if (schema == null) {
            return true;
        }
        if (schema.get$ref() != null) {
            return schema.get$ref().endsWith("/JsonNode");
        }
        if (schema instanceof ArraySchema || "array".equals(schema.getType())) {
            return weak(schema.getItems());
        }
        return schema.getProperties() == null || schema.getProperties().isEmpty();
    }

    @SuppressWarnings("rawtypes")
    private static Schema component(OpenAPI openApi, String name, JsonNode example) {
        openApi.getComponents().addSchemas(name, infer(example));
        return new Schema<>().$ref("#/components/schemas/" + name);
    }

    /** A schema read off an example: objects with their properties, arrays by the union of their items. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema infer(JsonNode node) {
        if (node == null || node.isNull()) {
            return new Schema<>().nullable(true);
        }
        if (node.isObject()) {
            ObjectSchema object = new ObjectSchema();
            Map<String, Schema> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                properties.put(field.getKey(), infer(field.getValue()));
            }
            object.setProperties(properties);
            return object;
        }
        if (node.isArray()) {
            JsonNode merged = null;
            for (JsonNode item : node) {
                merged = merged == null ? item.deepCopy() : merge(merged, item);
            }
            return new ArraySchema().items(merged == null ? new Schema<>() : infer(merged));
        }
        if (node.isBoolean()) {
            return new BooleanSchema();
        }
        if (node.isIntegralNumber()) {
            return new IntegerSchema();
        }
        if (node.isNumber()) {
            return new NumberSchema();
        }
        return INSTANT.matcher(node.asText()).matches() ? new DateTimeSchema() : new StringSchema();
    }

    /** Objects' fields joined (the first non-null value of each), so optional fields of later items are shown. */
    private static JsonNode merge(JsonNode into, JsonNode item) {
        if (into.isObject() && item.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode object = (com.fasterxml.jackson.databind.node.ObjectNode) into;
            item.fields().forEachRemaining(f -> {
                JsonNode mine = object.get(f.getKey());
                object.set(f.getKey(), mine == null || mine.isNull() ? f.getValue().deepCopy() : merge(mine, f.getValue()));
            });
        }
        return into;
    }

    /** Descriptions by {@code Schema.property}, then {@code parent.property} (the property it sits in), then name. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void describe(String owner, String parent, Schema schema, Properties descriptions) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = schema.getProperties();
            properties.forEach((property, value) -> {
                String text = descriptions.getProperty(owner + "." + property,
                        descriptions.getProperty(parent + "." + property, descriptions.getProperty(property)));
                if (value.getDescription() == null && text != null) {
                    if (value.get$ref() == null) {
                        value.setDescription(text);
                    } else {
                        // A reference cannot carry a description in OpenAPI 3.0: wrap it.
                        properties.put(property, new Schema<>().description(text).allOf(java.util.List.of(value)));
                    }
                }
                describe(owner, property, value, descriptions);
            });
        }
        if (schema.getItems() != null) {
            describe(owner, parent, schema.getItems(), descriptions);
        }
    }

    private static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static Properties descriptions() {
        Properties properties = new Properties();
        try (InputStream in = ApiDocumentation.class.getClassLoader().getResourceAsStream("openapi/descriptions.properties")) {
            if (in != null) {
                properties.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
