package com.subdecide.rotation.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money helpers: amounts are exact decimals with two places, compared and summed in cents. */
public final class Money {

    private Money() {
    }

    public static long cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
    }

    public static BigDecimal ofCents(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }
}
