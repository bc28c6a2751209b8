package com.subdecide.rotation.solver;

/** A title watchable on a platform this cycle. */
public record TitleOnPlatform(TitleValue title, String platformId) {
}
