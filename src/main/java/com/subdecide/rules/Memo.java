package com.subdecide.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used memo for pure functions of a file's content (the sandbox check of a DRL text, the
 * cells of a workbook): a reload re-checks only the files that changed.
 */
final class Memo<K, V> {

    private final Map<K, V> entries;

    Memo(int capacity) {
        this.entries = Collections.synchronizedMap(new LinkedHashMap<>(capacity, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }

    V get(K key, Function<K, V> compute) {
        V value = entries.get(key);
        if (value == null) {
            value = compute.apply(key);
            entries.put(key, value);
        }
        return value;
    }
}
