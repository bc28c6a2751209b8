/**
 * The facts the rotation rules read and write. DRL files and decision tables see exactly these types, so a
 * rule can move between a table and a DRL file without any Java change.
 */
package com.subdecide.rotation.domain;
