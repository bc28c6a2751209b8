package com.subdecide.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on what clients may send.
 *
 * @param maxBodyBytes largest request body accepted; larger bodies get a {@code 400} with code {@code body_too_large}
 */
@ConfigurationProperties("decisions.http")
public record HttpLimits(@DefaultValue("2097152") int maxBodyBytes) {
}
