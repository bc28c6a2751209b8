/**
 * The experimentation engine every area tests on (pricing, campaigns, benefit allocation, features): assignment of
 * users to variants, deterministic and stateless and identical to GrowthBook's SDKs ({@link Assignment}), and the
 * statistics of results ({@link com.subdecide.experiments.stats}): fixed-horizon and always-valid sequential
 * tests, CUPED, sample-ratio mismatch, sample sizes and multiple-testing corrections.
 */
package com.subdecide.experiments;
