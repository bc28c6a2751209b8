/** The rotation-plan REST endpoint and the reading of its request bodies. */
package com.subdecide.rotation.web;
