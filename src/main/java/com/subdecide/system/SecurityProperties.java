package com.subdecide.system;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the service: {@code decisions.security.users.<name>.password} (with its encoding prefix,
 * {@code {bcrypt}...} or {@code {noop}...}) and {@code .roles} (DECIDER, ANALYST, ADMIN).
 */
@ConfigurationProperties("decisions.security")
public record SecurityProperties(Map<String, User> users) {

    public record User(String password, List<String> roles) {
    }
}
