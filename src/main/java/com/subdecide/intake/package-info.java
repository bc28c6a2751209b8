/**
 * Events from Kafka (off unless {@code decisions.kafka.enabled=true}): behavioural events and subscription events
 * read from their topics, checked and stored exactly as the HTTP endpoints check and store them (idempotent by
 * {@code event_id}), offsets committed only after the store commits. Records that fail the checks are kept in
 * {@code event_rejection} with every bad field named. Owns {@link com.subdecide.intake.KafkaEventIntake}.
 */
package com.subdecide.intake;
