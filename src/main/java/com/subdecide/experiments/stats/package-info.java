/**
 * The statistics of experiment results, on per-arm sums (so that they are computed from database aggregates):
 * fixed-horizon Welch tests (and the same for proportions), the always-valid confidence sequence of Waudby-Smith et
 * al. for continuous monitoring, CUPED, sample-ratio mismatch, sample sizes, Holm and Benjamini–Hochberg
 * corrections. Distributions come from Apache Commons Math.
 */
package com.subdecide.experiments.stats;
