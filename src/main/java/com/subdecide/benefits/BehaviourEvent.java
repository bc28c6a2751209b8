package com.subdecide.benefits;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One behavioural event as accepted.
 *
 * @param type one of {@link BehaviourEvents#TYPES}; {@code PAGE_VIEW} carries {@code dwellSeconds},
 *             {@code BENEFIT_USED} carries {@code benefitId}
 */
public record BehaviourEvent(String eventId, String userId, String type, Instant occurredAt, String category,
        String productId, BigDecimal amount, Integer dwellSeconds, String benefitId) {
}
