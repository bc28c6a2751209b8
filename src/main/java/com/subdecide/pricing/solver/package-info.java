/**
 * The price portfolio as an optimisation problem: {@link com.subdecide.pricing.solver.PortfolioProblem} (cells
 * with candidate prices, tier pairs, customer cap, revenue target), its Lagrangian relaxation with exact dynamic
 * programming per tier chain ({@link com.subdecide.pricing.solver.Relaxation}: the bound and a start), and the
 * OptaPlanner model that searches from there ({@link com.subdecide.pricing.solver.PortfolioSolver}).
 */
package com.subdecide.pricing.solver;
