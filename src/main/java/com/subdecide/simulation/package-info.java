/**
 * What-if simulation: replaying logged decisions (a time range or a sample) or given requests under a challenger
 * rule set (a draft or a stored version) against a champion (what was answered, or another version), as jobs with
 * progress, and reporting what changed: per field, KPIs, rule hits, and example changes with both explanations.
 */
package com.subdecide.simulation;
