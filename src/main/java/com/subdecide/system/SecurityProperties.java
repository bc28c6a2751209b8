package com.subdecide.system;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call the service: {@code decisions.security.users.<name>.password} (with its encoding prefix,
 * {@code {bcrypt}...} or {@code {noop}...}) and {@code .roles} (DECIDER, ANALYST, ADMIN).
 *
 * @param requireStrongPasswords refuse to start when a user has a {@code {noop}} password or the documented local
 *                               default (on in the {@code prod} profile)
 * @param login                  throttling of failed sign-ins
 */
@ConfigurationProperties("decisions.security")
public record SecurityProperties(Map<String, User> users, @DefaultValue("false") boolean requireStrongPasswords,
        @DefaultValue Login login) {

    public record User(String password, List<String> roles) {
    }

    /**
     * Failed sign-ins allowed before further attempts are answered 429 until the window refills.
     *
     * @param maxFailuresPerUser failures per user name and client address within {@code window}
     * @param maxFailuresPerClient failures per client address, whatever the user name, within {@code window}
     * @param window             how long it takes for the allowance to refill completely
     */
    public record Login(@DefaultValue("10") int maxFailuresPerUser, @DefaultValue("100") int maxFailuresPerClient,
            @DefaultValue("1m") Duration window) {
    }
}
