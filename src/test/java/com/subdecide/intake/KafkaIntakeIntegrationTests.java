package com.subdecide.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subdecide.ApiClient;
import com.subdecide.Await;
import com.subdecide.tools.GenerateSubscriptions;
import com.subdecide.tools.SyntheticSubscribers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * Events from a real Kafka broker (spring-kafka-test's embedded one, 4 partitions per topic): 20,000 behavioural
 * events keyed by user, 500 of them sent twice, and records that fail the checks. Every valid event is stored once,
 * each bad record is kept with the field that is wrong, an event already taken from Kafka is a duplicate over HTTP,
 * a stopped consumer reads on from its committed offsets when started again, and subscription events arrive the
 * same way. Prints the events per second docs/performance.md reports.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "decisions.kafka.enabled=true", "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "decisions.kafka.concurrency=2"})
@EmbeddedKafka(partitions = 4, topics = {"behaviour-events", "subscription-events"})
class KafkaIntakeIntegrationTests {

    static final int EVENTS = 20_000;
    static final int USERS = 400;

    @LocalServerPort
    int port;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ObjectMapper json;
    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry registry;

    @Test
    void everyValidEventIsStoredOnceAndEveryBadRecordIsKeptWithItsProblem() throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        Instant at = Instant.now().minusSeconds(3600);
        long start;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            start = System.nanoTime();
            for (int i = 0; i < EVENTS; i++) {
                String user = run + "-u" + (i % USERS);
                producer.send(new ProducerRecord<>("behaviour-events", user, event(run + "-e" + i, user, at.plusMillis(i))));
            }
            for (int i = 0; i < 500; i++) {
                String user = run + "-u" + (i % USERS);
                producer.send(new ProducerRecord<>("behaviour-events", user, event(run + "-e" + i, user, at.plusMillis(i))));
            }
            producer.send(new ProducerRecord<>("behaviour-events", "x", "{\"event_id\": \"" + run + "-bad1\", \"user_id\": \"x\", "
                    + "\"type\": \"TELEPORT\", \"occurred_at\": \"" + at + "\"}"));
            producer.send(new ProducerRecord<>("behaviour-events", "y", "{\"event_id\": \"" + run + "-bad2\", \"type\": \"PAGE_VIEW\", "
                    + "\"occurred_at\": \"" + at + "\"}"));
            producer.send(new ProducerRecord<>("behaviour-events", "z", "not json"));
            producer.flush();
        }
        Await.until("every behavioural event to be stored", Duration.ofSeconds(120),
                () -> stored(run) == EVENTS && rejections(run) == 3);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("kafka: %d events (+500 sent twice, 3 bad) read and stored in %.2f s: %.0f events/s%n", EVENTS,
                seconds, EVENTS / seconds);

        Thread.sleep(1_000);
        assertThat(stored(run)).as("the 500 sent twice are stored once").isEqualTo(EVENTS);
        List<Map<String, Object>> bad = jdbc.sql("SELECT record_key, problems::text AS problems FROM event_rejection "
                + "WHERE record_key IN ('x', 'y', 'z') AND rejected_at > now() - interval '10 minutes' ORDER BY record_key")
                .query().listOfRows();
        assertThat(bad).hasSize(3);
        assertThat(bad.get(0).get("problems").toString()).contains("$.type");
        assertThat(bad.get(1).get("problems").toString()).contains("$.user_id", "required");
        assertThat(bad.get(2).get("problems").toString()).contains("malformed_json");

        // The same event over HTTP: already taken from Kafka, so a duplicate.
        HttpResponse<String> again = ApiClient.as("decider", port).postJson("/api/v1/events",
                "{\"events\": [" + event(run + "-e7", run + "-u7", at.plusMillis(7)) + "]}");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json.readTree(again.body()).get("duplicates").asInt()).isEqualTo(1);

        // Stopped (a node going down) while events keep coming: on restart it reads on from its committed offsets.
        registry.getListenerContainer("behaviour-events").stop();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = EVENTS; i < EVENTS + 1_000; i++) {
                String user = run + "-u" + (i % USERS);
                producer.send(new ProducerRecord<>("behaviour-events", user, event(run + "-e" + i, user, at.plusMillis(i))));
            }
            producer.flush();
        }
        Thread.sleep(500);
        assertThat(stored(run)).as("nothing read while stopped").isEqualTo(EVENTS);
        registry.getListenerContainer("behaviour-events").start();
        Await.until("the events sent while stopped", Duration.ofSeconds(60), () -> stored(run) == EVENTS + 1_000);

        // Subscription events from their topic, checked against the price book as over HTTP.
        assertThat(ApiClient.as("analyst", port).send("PUT", "/api/v1/pricing/plans",
                GenerateSubscriptions.priceBook(json).toString()).statusCode()).isEqualTo(200);
        SyntheticSubscribers.PlanTruth plan = SyntheticSubscribers.PLANS.get(0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 50; i++) {
                ObjectNode e = json.createObjectNode().put("event_id", run + "-s" + i).put("customer_id", run + "-c" + i)
                        .put("type", "SUBSCRIBED").put("plan_id", plan.planId()).put("price", plan.price())
                        .put("currency", SyntheticSubscribers.CURRENCY).put("occurred_at", at.toString());
                producer.send(new ProducerRecord<>("subscription-events", run + "-c" + i, e.toString()));
            }
            producer.send(new ProducerRecord<>("subscription-events", "w", json.createObjectNode()
                    .put("event_id", run + "-s-bad").put("customer_id", "w").put("type", "SUBSCRIBED")
                    .put("plan_id", "no-such-plan").put("occurred_at", at.toString()).toString()));
            producer.flush();
        }
        Await.until("the subscription events", Duration.ofSeconds(60), () -> jdbc.sql(
                "SELECT count(*) FROM subscription_event WHERE event_id LIKE :p").param("p", run + "-s%")
                .query(Long.class).single() == 50 && jdbc.sql("SELECT count(*) FROM event_rejection WHERE record_key = 'w'")
                .query(Long.class).single() == 1);
        JsonNode problems = json.readTree(jdbc.sql("SELECT problems::text FROM event_rejection WHERE record_key = 'w'")
                .query(String.class).single());
        assertThat(problems.findValuesAsText("path")).contains("$.plan_id");
        assertThat(problems.findValuesAsText("code")).contains("unknown_plan");
    }

    private String event(String id, String user, Instant at) {
        return json.createObjectNode().put("event_id", id).put("user_id", user).put("type", "PAGE_VIEW")
                .put("category", "shoes").put("occurred_at", at.toString()).toString();
    }

    private long stored(String run) {
        return jdbc.sql("SELECT count(*) FROM benefit_event WHERE event_id LIKE :p").param("p", run + "-e%")
                .query(Long.class).single();
    }

    private long rejections(String run) {
        return jdbc.sql("SELECT count(*) FROM event_rejection WHERE record_key IN ('x', 'y', 'z') "
                + "AND rejected_at > now() - interval '10 minutes'").query(Long.class).single();
    }
}
