/**
 * The console's frame: sign-in, the home page (the live rule set, its tables and rules, open drafts, recent
 * work), the lists of decisions and jobs, and the trace of one logged decision. Each area's own pages (tables,
 * drafts and versions in {@code rules.web}, simulations in {@code simulation.web}, the member's benefits in
 * {@code benefits.web}) live in that area and share this package's layout template.
 */
package com.subdecide.console;
