/**
 * The facts the pricing tables reason over: how much demand data an elasticity needs
 * ({@code decision-tables/elasticity.drl.xlsx}).
 */
package com.subdecide.pricing.domain;
