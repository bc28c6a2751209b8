package com.subdecide.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The channels: email over SMTP (Spring Mail; the message id is the {@code Message-ID}, with RFC 8058 one-click
 * {@code List-Unsubscribe} headers), the in-app inbox (a row, written once per message id), push and SMS as JSON
 * posted to configurable webhooks with the message id as {@code Idempotency-Key}.
 */
@Component
class DeliveryChannels {

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final CampaignProperties properties;
    private final ObjectProvider<JavaMailSenderImpl> mail;
    private final HttpClient http;

    DeliveryChannels(JdbcClient jdbc, ObjectMapper json, Clock clock, CampaignProperties properties,
            ObjectProvider<JavaMailSenderImpl> mail) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.mail = mail;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(properties.webhookTimeoutMillis()))
                .build();
    }

    void inbox(MessageDispatcher.Claimed m) {
        JsonNode p = m.payload();
        jdbc.sql("""
                INSERT INTO inbox_message (message_id, user_id, subject, body, cta_text, cta_url, created_at)
                VALUES (:id, :user, :subject, :body, :cta, :url, :now) ON CONFLICT (message_id) DO NOTHING""")
                .param("id", m.messageId()).param("user", m.userId()).param("subject", p.path("subject").asText())
                .param("body", p.path("body").asText()).param("cta", p.path("cta_text").asText(null))
                .param("url", p.path("cta_url").asText(null)).param("now", Timestamp.from(clock.instant())).update();
    }

    /**
     * One dispatcher pass's connections: the SMTP connection is opened at the first email and kept for the pass
     * (a connection per message would cost more than the message), closed after a failure and at the end.
     */
    final class Pass implements AutoCloseable {
        private Transport transport;

        void send(MessageDispatcher.Claimed m) throws MessageDispatcher.DeliveryFailure {
            switch (m.channel()) {
                case "EMAIL" -> email(m, this);
                case "PUSH" -> webhook(m, properties.pushWebhook(), "push");
                case "SMS" -> webhook(m, properties.smsWebhook(), "SMS");
                default -> throw new MessageDispatcher.DeliveryFailure("unknown channel " + m.channel(), true);
            }
        }

        Transport transport(JavaMailSenderImpl sender) throws MessagingException {
            if (transport == null || !transport.isConnected()) {
                Transport t = sender.getSession().getTransport(sender.getProtocol() == null ? "smtp"
                        : sender.getProtocol());
                t.connect(sender.getHost(), sender.getPort(), sender.getUsername(), sender.getPassword());
                transport = t;
            }
            return transport;
        }

        void drop() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    // Already broken: the next email opens a new connection.
                }
                transport = null;
            }
        }

        @Override
        public void close() {
            drop();
        }
    }

    Pass pass() {
        return new Pass();
    }

    private void email(MessageDispatcher.Claimed m, Pass pass) throws MessageDispatcher.DeliveryFailure {
        JavaMailSenderImpl sender = mail.getIfAvailable();
        if (sender == null) {
            throw new MessageDispatcher.DeliveryFailure("no SMTP server is configured (spring.mail.host)", true);
        }
        JsonNode p = m.payload();
        String id = "<" + m.messageId() + "@campaigns.subdecide>";
        try {
            MimeMessage message = new Identified(sender.getSession(), id);
            message.setFrom(new InternetAddress(properties.emailFrom()));
            message.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(m.address(), true));
            message.setSubject(p.path("subject").asText(), StandardCharsets.UTF_8.name());
            StringBuilder text = new StringBuilder(p.path("body").asText());
            if (p.hasNonNull("cta_url")) {
                text.append("\n\n").append(p.path("cta_text").asText()).append(": ").append(p.path("cta_url").asText());
            }
            message.setText(text.toString(), StandardCharsets.UTF_8.name());
            message.setHeader("X-Campaign", p.path("campaign").asText());
            if (p.hasNonNull("unsubscribe_url")) {
                message.setHeader("List-Unsubscribe", "<" + p.path("unsubscribe_url").asText() + ">");
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            message.saveChanges();
            Transport transport;
            try {
                transport = pass.transport(sender);
            } catch (MessagingException e) {
                pass.drop();
                throw new MessageDispatcher.DeliveryFailure("SMTP: cannot connect to " + sender.getHost() + ":"
                        + sender.getPort() + ": " + e.getMessage(), false);
            }
            try {
                transport.sendMessage(message, message.getAllRecipients());
            } catch (SendFailedException e) {
                // The server refused the recipient or the message: trying again will not help.
                throw new MessageDispatcher.DeliveryFailure("SMTP refused: " + e.getMessage(), true);
            } catch (MessagingException e) {
                pass.drop();
                throw new MessageDispatcher.DeliveryFailure("SMTP: " + e.getMessage(), false);
            }
        } catch (MessagingException e) {
            throw new MessageDispatcher.DeliveryFailure("invalid message: " + e.getMessage(), true);
        }
    }

    private void webhook(MessageDispatcher.Claimed m, String url, String what) throws MessageDispatcher.DeliveryFailure {
        if (url == null || url.isBlank()) {
            throw new MessageDispatcher.DeliveryFailure("no " + what + " webhook is configured", true);
        }
        ObjectNode body = json.createObjectNode();
        body.put("message_id", m.messageId().toString());
        body.put("user_id", m.userId());
        body.put("channel", m.channel());
        body.put("to", m.address());
        body.put("title", m.payload().path("subject").asText());
        body.put("text", m.payload().path("body").asText());
        body.put("campaign", m.payload().path("campaign").asText());
        if (m.payload().hasNonNull("cta_url")) {
            body.put("url", m.payload().path("cta_url").asText());
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMillis(properties.webhookTimeoutMillis()))
                .header("Content-Type", "application/json").header("Idempotency-Key", m.messageId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new MessageDispatcher.DeliveryFailure(what + " webhook timed out after "
                    + properties.webhookTimeoutMillis() + " ms", false);
        } catch (IOException e) {
            throw new MessageDispatcher.DeliveryFailure(what + " webhook unreachable: " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageDispatcher.DeliveryFailure(what + " webhook interrupted", false);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return;
        }
        boolean transientFailure = status >= 500 || status == 429 || status == 408 || status == 425;
        String text = response.body() == null ? "" : response.body();
        throw new MessageDispatcher.DeliveryFailure(what + " webhook answered " + status
                + (text.isBlank() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) : text)),
                !transientFailure);
    }

    /** A message whose {@code Message-ID} is ours, not one Jakarta Mail makes up. */
    private static final class Identified extends MimeMessage {
        private final String id;

        Identified(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
