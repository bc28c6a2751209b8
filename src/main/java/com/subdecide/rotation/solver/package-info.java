/**
 * The rotation allocation as a planning problem: one {@link com.subdecide.rotation.solver.PlatformSlot} per
 * platform choosing none, one of its tiers, or a bundle that includes it; constraint streams score plans
 * with the values the rules derived; an exact branch-and-bound phase proves or improves the result.
 */
package com.subdecide.rotation.solver;
