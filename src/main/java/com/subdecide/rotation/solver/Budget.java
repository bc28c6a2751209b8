package com.subdecide.rotation.solver;

/** The hard monthly budget, in cents. */
public record Budget(long cents) {
}
