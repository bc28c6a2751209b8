package com.subdecide.rotation.solver;

/** A platform included in a bundle. */
public record BundleMember(String bundleId, String platformId) {
}
