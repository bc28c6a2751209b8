/**
 * Benefit allocation for a whole population under global capacities: the problem as the rules define it (each
 * member's free slots, pool candidates with score × value, exclusions), a Lagrangian relaxation of the capacities
 * that gives an upper bound and a starting allocation, and the OptaPlanner model that searches from there.
 */
package com.subdecide.benefits.population;
