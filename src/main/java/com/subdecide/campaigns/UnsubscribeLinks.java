package com.subdecide.campaigns;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signed one-click unsubscribe links: {@code <base-url>/unsubscribe/<user>.<channel>.<signature>}, the signature
 * an HMAC-SHA256 of the user and channel under a key made once and kept in PostgreSQL, so every node and every
 * restart accepts the links already sent. A link names one user and one channel and cannot be forged for another.
 */
@Component
class UnsubscribeLinks {

    /** What a valid token opts out. */
    record Target(String userId, String channel) {
    }

    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String baseUrl;
    private volatile byte[] key;

    UnsubscribeLinks(JdbcClient jdbc, Clock clock, CampaignProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.baseUrl = properties.publicBaseUrl().replaceAll("/+$", "");
    }

    String url(String userId, String channel) {
        return baseUrl + "/unsubscribe/" + token(userId, channel);
    }

    String token(String userId, String channel) {
        String user = ENCODE.encodeToString(userId.getBytes(StandardCharsets.UTF_8));
        return user + "." + channel + "." + ENCODE.encodeToString(sign(user + "." + channel));
    }

    /** The user and channel of a token whose signature holds; empty for anything else. */
    Optional<Target> verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 3 || !Contacts.CHANNELS.contains(parts[1])) {
            return Optional.empty();
        }
        byte[] given;
        String user;
        try {
            given = DECODE.decode(parts[2]);
            user = new String(DECODE.decode(parts[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, sign(parts[0] + "." + parts[1]))) {
            return Optional.empty();
        }
        return Optional.of(new Target(user, parts[1]));
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            jdbc.sql("INSERT INTO campaign_secret (name, secret, created_at) VALUES ('unsubscribe', :secret, :now) "
                    + "ON CONFLICT (name) DO NOTHING").param("secret", fresh)
                    .param("now", Timestamp.from(clock.instant())).update();
            k = jdbc.sql("SELECT secret FROM campaign_secret WHERE name = 'unsubscribe'").query(byte[].class).single();
            key = k;
        }
        return k;
    }
}
