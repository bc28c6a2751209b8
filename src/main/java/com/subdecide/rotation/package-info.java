/**
 * The monthly rotation plan: which streaming platforms a consumer keeps, subscribes to, downgrades or cancels
 * this month under a hard budget. Values come from the analysts' rules and tables, the allocation from the
 * solver scored against them, the action plan from the guardrail rules.
 */
package com.subdecide.rotation;
