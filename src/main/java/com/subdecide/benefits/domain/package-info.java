/**
 * Facts the benefit rules and tables read and derive: the request, the user's scores and behaviour, and what the
 * tier tables and eligibility rules say (slots, core, pool and default benefits, ineligibility, exclusions).
 */
package com.subdecide.benefits.domain;
