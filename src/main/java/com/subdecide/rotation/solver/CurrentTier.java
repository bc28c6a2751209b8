package com.subdecide.rotation.solver;

/** The tier a user pays for now on a platform. */
public record CurrentTier(String platformId, String tierId) {
}
