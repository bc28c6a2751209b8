package com.subdecide.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Throttles guessing: every failed sign-in (a 401 to a request that sent credentials) takes a token from the
 * buckets of its user name at that client address and of the client address; with either empty, requests with
 * credentials are answered 429 with {@code Retry-After} until it refills, without checking the password. Each
 * failure is written to the {@code audit} log.
 */
final class LoginThrottle extends OncePerRequestFilter {

    private static final Logger audit = LoggerFactory.getLogger("audit");
    private static final int MAX_TRACKED = 50_000;

    private final SecurityProperties.Login limits;
    private final ObjectMapper json;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    LoginThrottle(SecurityProperties.Login limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String user = basicUser(request.getHeader("Authorization"));
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = request.getRemoteAddr();
        Bucket perUser = bucket("u|" + client + "|" + user, limits.maxFailuresPerUser());
        Bucket perClient = bucket("c|" + client, limits.maxFailuresPerClient());
        if (perUser.getAvailableTokens() <= 0 || perClient.getAvailableTokens() <= 0) {
            long wait = Math.max(waitSeconds(perUser), waitSeconds(perClient));
            audit.warn("sign-in refused (throttled): user='{}' client={} {} {}", user, client, request.getMethod(),
                    request.getRequestURI());
            tooMany(response, wait);
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            perUser.tryConsume(1);
            perClient.tryConsume(1);
            audit.warn("sign-in failed: user='{}' client={} {} {} ({} tries left for this user)", user, client,
                    request.getMethod(), request.getRequestURI(), perUser.getAvailableTokens());
        }
    }

    private Bucket bucket(String key, int capacity) {
        if (buckets.size() > MAX_TRACKED) {
            // Forget the keys whose allowance has refilled; they carry no state.
            buckets.entrySet().removeIf(e -> e.getValue().getAvailableTokens() >= capacity);
        }
        return buckets.computeIfAbsent(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, limits.window()).build())
                .build());
    }

    private static long waitSeconds(Bucket bucket) {
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1);
    }

    private void tooMany(HttpServletResponse response, long waitSeconds) throws IOException {
        ProblemDetail problem = ProblemHandler.problem(HttpStatus.TOO_MANY_REQUESTS, "too_many_failed_sign_ins",
                "Too many failed sign-ins", "Too many failed sign-ins from this address; try again in " + waitSeconds
                        + " s");
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(waitSeconds));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The user name of an HTTP Basic {@code Authorization} header, or {@code null}. */
    static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
