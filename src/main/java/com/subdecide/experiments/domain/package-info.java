/**
 * The facts the experiment stopping rules ({@code rules/experiment-stopping.drl}) reason over: one reading of an
 * experiment's results, one reading per treatment and metric, and what the rules conclude.
 */
package com.subdecide.experiments.domain;
