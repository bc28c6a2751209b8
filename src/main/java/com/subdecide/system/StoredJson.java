package com.subdecide.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON the service stored itself (jsonb columns read as text): parsed, or a failure that is the service's. */
public final class StoredJson {

    private StoredJson() {
    }

    /** The parsed document; null for a null column. */
    public static JsonNode tree(ObjectMapper json, String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored document is not JSON", e);
        }
    }
}
