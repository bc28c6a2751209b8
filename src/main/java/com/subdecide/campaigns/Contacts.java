package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.subdecide.system.FieldProblem;
import com.subdecide.system.InvalidRequestException;
import com.subdecide.system.JsonRequestReader;
import com.subdecide.system.NotFoundException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recipients' contact details and consent: a time zone, an address per channel, and consent per channel kept as
 * history (each change a new row with the consent text's version, its source and when it was given; the newest
 * counts). A one-click unsubscribe is such a row too ({@code OPTED_OUT}), effective for the next decision.
 */
@Service
public class Contacts {

    public static final List<String> CHANNELS = List.of("EMAIL", "SMS", "PUSH", "IN_APP");
    static final Set<String> CONSENT = Set.of("GRANTED", "WITHDRAWN");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

    /** What decisions need of a recipient; {@code consent} holds the newest status per channel. */
    record State(String userId, String firstName, ZoneId timeZone, Map<String, String> addresses,
            Map<String, String> consent) {

        String consentOn(String channel) {
            return consent.getOrDefault(channel, "NONE");
        }

        boolean hasAddress(String channel) {
            return "IN_APP".equals(channel) || addresses.get(channel) != null;
        }
    }

    /** One consent change as stored. */
    public record Consent(String channel, String status, String textVersion, String source, Instant givenAt,
            Instant recordedAt) {
    }

    /**
     * A recipient's contact details, their consent now per channel, the whole consent history, and the signed
     * one-click unsubscribe link per channel (for messages other systems send).
     */
    public record Contact(String userId, String firstName, String timeZone, String email, String phone,
            String pushToken, Map<String, String> consent, List<Consent> history,
            List<UnsubscribeLink> unsubscribeLinks, Instant updatedAt) {
    }

    /** A signed opt-out link for one channel: the URL, and its token for {@code /unsubscribe/{token}}. */
    public record UnsubscribeLink(String channel, String url, String token) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final UnsubscribeLinks links;

    Contacts(JdbcClient jdbc, Clock clock, UnsubscribeLinks links) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.links = links;
    }

    /** What a one-click unsubscribe did. */
    public record Unsubscribed(String userId, String channel) {
    }

    /**
     * Opts out the user and channel a signed link names, at once (the next decision sees it); a link whose
     * signature does not hold opts out nobody (400 {@code invalid_unsubscribe_link}).
     */
    @Transactional
    public Unsubscribed unsubscribe(String token) {
        UnsubscribeLinks.Target target = links.verify(token).orElseThrow(() -> new InvalidRequestException(
                "invalid_unsubscribe_link", "1 field is invalid", List.of(new FieldProblem("$.token", "invalid_signature",
                        "this unsubscribe link is not one the service signed; use the link in the message"))));
        optOut(target.userId(), target.channel(), "one-click unsubscribe link");
        return new Unsubscribed(target.userId(), target.channel());
    }

    /** One recipient's details as read, before they are stored. */
    private record Input(String userId, String firstName, String zone, String email, String phone, String push,
            List<Consent> consents) {
    }

    /**
     * Sets a recipient's details ({@code time_zone}, {@code first_name}, {@code email}, {@code phone},
     * {@code push_token}; absent fields keep their value) and records each consent in {@code consents} as a new
     * history row: {@code {channel, status: GRANTED|WITHDRAWN, text_version, source, given_at}}.
     */
    @Transactional
    public Contact put(String userId, JsonNode body, String by) {
        JsonRequestReader in = new JsonRequestReader();
        if (userId == null || userId.isBlank() || userId.length() > 200) {
            in.problem("$.user_id", "invalid", "the user id in the path must be 1-200 characters");
        }
        if (body == null || !body.isObject()) {
            in.problem("$", "wrong_type", "the body must be a JSON object");
            in.throwIfProblems();
        }
        Input input = read(in, body, "$", userId);
        in.throwIfProblems();
        store(input, by);
        return find(userId);
    }

    /**
     * Sets many recipients at once (an import): {@code {contacts: [{user_id, ...the fields of put}]}}, up to 1,000,
     * validated whole (every bad field named at {@code $.contacts[i]}) and stored in one transaction.
     */
    @Transactional
    public int putAll(JsonNode body, String by) {
        JsonRequestReader in = new JsonRequestReader();
        List<JsonNode> items = in.array(body, "$", "contacts", true, 1000);
        List<Input> inputs = new ArrayList<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = "$.contacts[" + i + "]";
            if (in.isObject(items.get(i), at)) {
                inputs.add(read(in, items.get(i), at, in.string(items.get(i), at, "user_id", true, 200)));
            }
        }
        in.throwIfProblems();
        inputs.forEach(input -> store(input, by));
        return inputs.size();
    }

    private Input read(JsonRequestReader in, JsonNode body, String path, String userId) {
        String zone = in.string(body, path, "time_zone", false, 64);
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                in.problem(path + ".time_zone", "unknown_time_zone", "'" + zone + "' is not an IANA time zone (e.g. "
                        + "Europe/Berlin)");
            }
        }
        String firstName = in.string(body, path, "first_name", false, 100);
        String email = in.string(body, path, "email", false, 254);
        if (email != null && !EMAIL.matcher(email).matches()) {
            in.problem(path + ".email", "invalid_email", "'" + email + "' is not an email address");
        }
        String phone = in.string(body, path, "phone", false, 20);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            in.problem(path + ".phone", "invalid_phone", "'phone' must be in E.164 form, e.g. +4915112345678");
        }
        String push = in.string(body, path, "push_token", false, 4096);
        List<Consent> consents = new ArrayList<>();
        Instant now = clock.instant();
        List<JsonNode> items = body.has("consents") ? in.array(body, path, "consents", false, 20) : List.of();
        for (int i = 0; items != null && i < items.size(); i++) {
            String at = path + ".consents[" + i + "]";
            JsonNode c = items.get(i);
            if (!in.isObject(c, at)) {
                continue;
            }
            String channel = in.choice(c, at, "channel", Set.copyOf(CHANNELS), null);
            String status = in.choice(c, at, "status", CONSENT, null);
            String version = in.string(c, at, "text_version", "GRANTED".equals(status), 100);
            String source = in.string(c, at, "source", true, 200);
            Instant given = c.hasNonNull("given_at") ? in.instant(c, at, "given_at", now.plusSeconds(600)) : now;
            consents.add(new Consent(channel, status, version, source, given, now));
        }
        return new Input(userId, firstName, zone, email, phone, push, consents);
    }

    private void store(Input input, String by) {
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO contact (user_id, first_name, time_zone, email, phone, push_token, updated_by, updated_at)
                VALUES (:user, :first, :zone, :email, :phone, :push, :by, :now)
                ON CONFLICT (user_id) DO UPDATE SET
                    first_name = coalesce(EXCLUDED.first_name, contact.first_name),
                    time_zone = coalesce(EXCLUDED.time_zone, contact.time_zone),
                    email = coalesce(EXCLUDED.email, contact.email),
                    phone = coalesce(EXCLUDED.phone, contact.phone),
                    push_token = coalesce(EXCLUDED.push_token, contact.push_token),
                    updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at""")
                .param("user", input.userId()).param("first", input.firstName()).param("zone", input.zone())
                .param("email", input.email()).param("phone", input.phone()).param("push", input.push())
                .param("by", by).param("now", Timestamp.from(now)).update();
        for (Consent c : input.consents()) {
            record(input.userId(), c);
        }
    }

    /** An opt-out from a one-click link: a history row, effective for the next decision. */
    @Transactional
    public void optOut(String userId, String channel, String source) {
        Instant now = clock.instant();
        record(userId, new Consent(channel, "OPTED_OUT", null, source, now, now));
    }

    private void record(String userId, Consent c) {
        jdbc.sql("""
                INSERT INTO contact_consent (user_id, channel, status, text_version, source, given_at, recorded_at)
                VALUES (:user, :channel, :status, :version, :source, :given, :recorded)""")
                .param("user", userId).param("channel", c.channel()).param("status", c.status())
                .param("version", c.textVersion()).param("source", c.source())
                .param("given", Timestamp.from(c.givenAt())).param("recorded", Timestamp.from(c.recordedAt())).update();
    }

    public Contact find(String userId) {
        Map<String, Object> row = jdbc.sql("SELECT * FROM contact WHERE user_id = :user").param("user", userId)
                .query().listOfRows().stream().findFirst()
                .orElseThrow(() -> new NotFoundException("unknown_contact", "No contact details for user '" + userId
                        + "'"));
        List<Consent> history = jdbc.sql("""
                SELECT channel, status, text_version, source, given_at, recorded_at FROM contact_consent
                WHERE user_id = :user ORDER BY consent_id""").param("user", userId)
                .query((rs, n) -> new Consent(rs.getString("channel"), rs.getString("status"),
                        rs.getString("text_version"), rs.getString("source"), rs.getTimestamp("given_at").toInstant(),
                        rs.getTimestamp("recorded_at").toInstant())).list();
        Map<String, String> now = new LinkedHashMap<>();
        for (String channel : CHANNELS) {
            now.put(channel, "NONE");
        }
        history.forEach(c -> now.put(c.channel(), c.status()));
        List<UnsubscribeLink> unsubscribe = CHANNELS.stream().map(c -> new UnsubscribeLink(c, links.url(userId, c),
                links.token(userId, c))).toList();
        return new Contact(userId, (String) row.get("first_name"), (String) row.get("time_zone"),
                (String) row.get("email"), (String) row.get("phone"), (String) row.get("push_token"), now, history,
                unsubscribe, ((Timestamp) row.get("updated_at")).toInstant());
    }

    /** The states of many recipients in two reads; users with no contact row are absent. */
    Map<String, State> states(Collection<String> userIds) {
        String[] users = userIds.toArray(String[]::new);
        Map<String, State> states = new HashMap<>();
        jdbc.sql("SELECT user_id, first_name, time_zone, email, phone, push_token FROM contact WHERE user_id = ANY(:users)")
                .param("users", users).query(rs -> {
                    Map<String, String> addresses = new HashMap<>();
                    addresses.put("EMAIL", rs.getString("email"));
                    addresses.put("SMS", rs.getString("phone"));
                    addresses.put("PUSH", rs.getString("push_token"));
                    ZoneId zone = null;
                    String z = rs.getString("time_zone");
                    if (z != null) {
                        zone = ZoneId.of(z);
                    }
                    states.put(rs.getString("user_id"), new State(rs.getString("user_id"), rs.getString("first_name"),
                            zone, addresses, new HashMap<>()));
                });
        jdbc.sql("""
                SELECT DISTINCT ON (user_id, channel) user_id, channel, status FROM contact_consent
                WHERE user_id = ANY(:users) ORDER BY user_id, channel, consent_id DESC""").param("users", users)
                .query(rs -> {
                    State s = states.get(rs.getString("user_id"));
                    if (s != null) {
                        s.consent().put(rs.getString("channel"), rs.getString("status"));
                    }
                });
        return states;
    }
}
