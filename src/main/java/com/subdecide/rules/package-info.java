/**
 * Rule sets: loading the analysts' DRL files, decision tables and solver configurations from their folders,
 * compiling them into one versioned {@link com.subdecide.rules.RuleSet}, reporting compile errors by file and
 * line or {@code Sheet!Cell}, and telling which rules fired for a decision and where each one is written.
 */
package com.subdecide.rules;
