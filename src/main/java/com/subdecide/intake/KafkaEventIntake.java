package com.subdecide.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.benefits.BehaviourEvents;
import com.subdecide.customers.SubscriptionEvents;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads batches of events from Kafka. Each record's value is one event as the HTTP endpoints take it (its key
 * should be the user or customer id, so one user's events stay in one partition and in order). A batch is checked
 * as a whole and stored in one statement; when some records fail the checks, the others are stored and the failing
 * ones are kept with their problems. The listener returns only after the store commits, and the container commits
 * the offsets after that: a node that dies mid-batch leaves the batch to be read again, and the event ids make the
 * second store a no-op.
 */
@Component
@ConditionalOnProperty(name = "decisions.kafka.enabled", havingValue = "true")
public class KafkaEventIntake {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventIntake.class);

    private final BehaviourEvents behaviour;
    private final SubscriptionEvents subscriptions;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;

    KafkaEventIntake(BehaviourEvents behaviour, SubscriptionEvents subscriptions, JdbcClient jdbc, ObjectMapper json,
            MeterRegistry meters) {
        this.behaviour = behaviour;
        this.subscriptions = subscriptions;
        this.jdbc = jdbc;
        this.json = json;
        this.accepted = Counter.builder("decisions.kafka.events").tag("outcome", "accepted").register(meters);
        this.duplicates = Counter.builder("decisions.kafka.events").tag("outcome", "duplicate").register(meters);
        this.rejected = Counter.builder("decisions.kafka.events").tag("outcome", "rejected").register(meters);
    }

    @KafkaListener(id = "behaviour-events", topics = "${decisions.kafka.behaviour-topic}", batch = "true",
            concurrency = "${decisions.kafka.concurrency}")
    void behaviour(List<ConsumerRecord<String, String>> records) {
        take(records, body -> {
            BehaviourEvents.Accepted a = behaviour.store(behaviour.read(body));
            return new int[] {a.accepted(), a.duplicates()};
        });
    }

    @KafkaListener(id = "subscription-events", topics = "${decisions.kafka.subscription-topic}", batch = "true",
            concurrency = "${decisions.kafka.concurrency}")
    void subscription(List<ConsumerRecord<String, String>> records) {
        take(records, body -> {
            SubscriptionEvents.Accepted a = subscriptions.store(subscriptions.read(body));
            return new int[] {a.accepted(), a.duplicates()};
        });
    }

    /** Stores a batch through {@code store} ({@code {"events": [...]}} in, accepted and duplicates out). */
    private void take(List<ConsumerRecord<String, String>> records, Function<JsonNode, int[]> store) {
        List<ConsumerRecord<String, String>> readable = new ArrayList<>();
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : records) {
            try {
                JsonNode value = r.value() == null ? null : json.readTree(r.value());
                if (value == null || !value.isObject()) {
                    reject(r, List.of(new FieldProblem("$", "not_an_object", "the record's value must be one event as a JSON object")));
                    continue;
                }
                events.add(value);
                readable.add(r);
            } catch (java.io.IOException e) {
                reject(r, List.of(new FieldProblem("$", "malformed_json", "the record's value is not JSON: " + e.getMessage())));
            }
        }
        for (int from = 0; from < events.size(); from += 1_000) {
            int to = Math.min(events.size(), from + 1_000);
            storeOrSplit(readable.subList(from, to), events.subList(from, to), store);
        }
    }

    private void storeOrSplit(List<ConsumerRecord<String, String>> records, List<JsonNode> values,
            Function<JsonNode, int[]> store) {
        try {
            int[] counts = store.apply(batch(values));
            accepted.increment(counts[0]);
            duplicates.increment(counts[1]);
        } catch (InvalidRequestException e) {
            // Which records are bad: each is checked alone; the good ones are stored, the bad ones kept.
            List<JsonNode> good = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                try {
                    store.apply(batch(List.of(values.get(i))));
                    good.add(values.get(i));
                } catch (InvalidRequestException one) {
                    reject(records.get(i), one.problems().stream().map(p -> new FieldProblem(
                            p.path().replace("$.events[0]", "$"), p.code(), p.message())).toList());
                }
            }
            accepted.increment(good.size());
        }
    }

    private ObjectNode batch(List<JsonNode> values) {
        ObjectNode body = json.createObjectNode();
        ArrayNode array = body.putArray("events");
        values.forEach(array::add);
        return body;
    }

    private void reject(ConsumerRecord<String, String> r, List<FieldProblem> problems) {
        rejected.increment();
        String value = r.value() == null ? null : r.value().length() > 100_000 ? r.value().substring(0, 100_000) : r.value();
        String problemsJson;
        try {
            problemsJson = json.writeValueAsString(problems);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problemsJson = "[]";
        }
        jdbc.sql("""
                INSERT INTO event_rejection (topic, partition, record_offset, record_key, value, problems)
                VALUES (:topic, :partition, :offset, :key, :value, CAST(:problems AS json))
                ON CONFLICT (topic, partition, record_offset) DO NOTHING
                """).param("topic", r.topic()).param("partition", r.partition()).param("offset", r.offset())
                .param("key", r.key()).param("value", value).param("problems", problemsJson).update();
        log.warn("event at {}-{}@{} rejected: {}", r.topic(), r.partition(), r.offset(), problems);
    }
}
