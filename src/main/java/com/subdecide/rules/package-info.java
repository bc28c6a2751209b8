/**
 * Rule sets: loading the analysts' DRL files, decision tables and solver configurations from their folders,
 * holding rule text to the sandbox (parsed and typed against an allowlist, table value cells as literals, compiled
 * and linked through a class loader that holds only what rules may use), compiling them into one versioned
 * {@link com.subdecide.rules.RuleSet}, reporting problems by file and line or {@code Sheet!Cell}, firing rule
 * sessions within bounds, and telling which rules fired for a decision and where each one is written.
 */
package com.subdecide.rules;
