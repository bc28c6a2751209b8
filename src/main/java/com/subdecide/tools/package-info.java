/**
 * Tools, kept apart from business code: the jar's benchmarks (in process and over HTTP) and the seeded data
 * generators they and the tests use (sample rotation months, synthetic shoppers with known propensities), and the
 * independent exact reference the rotation search is measured against (SCIP through OR-Tools). The
 * jar's command switch dispatches to them; {@code java -jar … help} lists them.
 */
package com.subdecide.tools;
