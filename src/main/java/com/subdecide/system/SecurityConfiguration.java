package com.subdecide.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Everything but health needs HTTP Basic credentials. {@code DECIDER} calls the decision endpoints;
 * {@code ANALYST} also validates, drafts, simulates and reads versions and metrics; {@code ADMIN} also promotes,
 * rolls back and reloads. Each role includes the ones before it. Refusals are problem documents too.
 */
@Configuration
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    static final String DECIDER = "DECIDER";
    static final String ANALYST = "ANALYST";
    static final String ADMIN = "ADMIN";

    /**
     * The console: pages signed in with a form and a session cookie, CSRF tokens on every form and htmx request,
     * the same users and roles as the API. Static assets and the sign-in page are open.
     */
    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        http.securityMatcher("/", "/login", "/logout", "/console", "/console/**", "/webjars/**", "/favicon.ico")
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/webjars/**", "/console/assets/**", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.POST, "/console/drafts/*/promote", "/console/versions/rollback")
                        .hasRole(ADMIN)
                        .anyRequest().hasRole(ANALYST))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/console", false).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signed_out"))
                .headers(headers -> headers.frameOptions(frame -> frame.sameOrigin()));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, SecurityProperties properties) throws Exception {
        http.addFilterBefore(new LoginThrottle(properties.login(), json),
                        org.springframework.security.web.authentication.www.BasicAuthenticationFilter.class)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        // One-click unsubscribe links in messages: signed, for recipients who have no account.
                        .requestMatchers("/unsubscribe/*").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/decisions/*/replay").hasRole(ANALYST)
                        .requestMatchers(HttpMethod.GET, "/api/v1/experiments/*/assignment").hasRole(DECIDER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/experiments/*/assignments").hasRole(DECIDER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/experiments/*/ship").hasRole(ADMIN)
                        .requestMatchers("/api/v1/analytics/**").hasRole(ANALYST)
                        .requestMatchers("/api/v1/experiments", "/api/v1/experiments/**", "/api/v1/holdout")
                        .hasRole(ANALYST)
                        .requestMatchers("/api/v1/decisions/**", "/api/v1/users/**", "/api/v1/events", "/api/v1/members",
                                "/api/v1/subscriptions/events", "/api/v1/contacts")
                        .hasRole(DECIDER)
                        .requestMatchers("/api/v1/customers/**").hasRole(DECIDER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/pricing/exposures").hasRole(DECIDER)
                        .requestMatchers(HttpMethod.POST, "/api/v1/pricing/changes/*/apply",
                                "/api/v1/pricing/changes/*/ship", "/api/v1/pricing/changes/*/revert",
                                "/api/v1/pricing/billing/retry").hasRole(ADMIN)
                        .requestMatchers("/api/v1/pricing/**", "/api/v1/forecasts/**", "/api/v1/alerts").hasRole(ANALYST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/campaigns/deliveries/retry").hasRole(ADMIN)
                        .requestMatchers("/api/v1/campaigns", "/api/v1/campaigns/**").hasRole(ANALYST)
                        .requestMatchers("/api/v1/allocations/**").hasRole(ANALYST)
                        .requestMatchers("/api/v1/catalog", "/api/v1/models/**").hasRole(ANALYST)
                        .requestMatchers(HttpMethod.POST, "/api/v1/rulesets/reload", "/api/v1/rulesets/drafts/*/promote",
                                "/api/v1/rulesets/versions/*/activate").hasRole(ADMIN)
                        .requestMatchers("/api/v1/rulesets/**", "/api/v1/simulations/**").hasRole(ANALYST)
                        .requestMatchers("/actuator/**").hasRole(ANALYST)
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"subscription-decisions\"");
                    write(json, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
                            "Send HTTP Basic credentials of a user with the right role");
                }))
                .exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) ->
                        write(json, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                                "Your role does not allow " + request.getMethod() + " " + request.getRequestURI())));
        return http.build();
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_" + ADMIN + " > ROLE_" + ANALYST + "\nROLE_" + ANALYST
                + " > ROLE_" + DECIDER);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    UserDetailsService users(SecurityProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        Map<String, SecurityProperties.User> configured = properties.users() == null ? Map.of() : properties.users();
        List<String> weak = new ArrayList<>();
        configured.forEach((name, user) -> {
            if (user.password() == null || user.password().startsWith("{noop}") || user.password().isBlank()) {
                weak.add(name);
            }
        });
        if (properties.requireStrongPasswords() && !weak.isEmpty()) {
            // Outside local runs the documented defaults are an open door: refuse to start rather than serve.
            throw new WeakPasswordsException("users " + weak + " have plain-text ({noop}) or default passwords, which "
                    + "this profile refuses; set each one hashed, e.g. DECISIONS_SECURITY_USERS_"
                    + weak.get(0).toUpperCase() + "_PASSWORD='{bcrypt}$2a$10$...'");
        }
        configured.forEach((name, user) -> {
            users.add(User.withUsername(name).password(user.password())
                    .roles(user.roles().stream().map(String::toUpperCase).toArray(String[]::new)).build());
            if (user.password().equals("{noop}" + name)) {
                log.warn("user '{}' has the documented local default password; set decisions.security.users.{}.password "
                        + "(env DECISIONS_SECURITY_USERS_{}_PASSWORD) outside local runs", name, name, name.toUpperCase());
            }
        });
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager(users);
        // A plain lookup, not the manager itself: as a password service it would re-encode {noop} passwords to
        // bcrypt after the first sign-in, and every later request would pay a bcrypt check (tens of ms).
        return manager::loadUserByUsername;
    }

    private static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, String code,
            String title, String detail) throws IOException {
        ProblemDetail problem = ProblemHandler.problem(status, code, title, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
