package com.subdecide.campaigns.web;

import com.subdecide.campaigns.CampaignMessages;
import com.subdecide.campaigns.Contacts;
import com.subdecide.system.JsonRequestReader;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/** Recipients: contact details and consent, their in-app inbox, and the one-click unsubscribe link. */
@RestController
class ContactController {

    private final Contacts contacts;
    private final CampaignMessages messages;

    ContactController(Contacts contacts, CampaignMessages messages) {
        this.contacts = contacts;
        this.messages = messages;
    }

    @Operation(summary = "Set a user's contact details (time_zone, first_name, email, phone, push_token) and record "
            + "consents [{channel, status: GRANTED|WITHDRAWN, text_version, source, given_at}] as history")
    @PutMapping(path = "/api/v1/users/{userId}/contact", produces = MediaType.APPLICATION_JSON_VALUE)
    Contacts.Contact put(@PathVariable("userId") String userId, HttpServletRequest request, Principal user)
            throws IOException {
        return contacts.put(userId, JsonRequestReader.readBody(request.getInputStream(), 64 * 1024), user.getName());
    }

    @Operation(summary = "Import many users' contact details and consents: {contacts: [{user_id, time_zone, "
            + "first_name, email, phone, push_token, consents}]} (up to 1,000), validated whole")
    @PostMapping(path = "/api/v1/contacts", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Integer> putAll(HttpServletRequest request, Principal user) throws IOException {
        return Map.of("stored", contacts.putAll(JsonRequestReader.readBody(request.getInputStream(), 4 * 1024 * 1024),
                user.getName()));
    }

    @Operation(summary = "A user's contact details, consent now per channel, and the whole consent history")
    @GetMapping(path = "/api/v1/users/{userId}/contact", produces = MediaType.APPLICATION_JSON_VALUE)
    Contacts.Contact get(@PathVariable("userId") String userId) {
        return contacts.find(userId);
    }

    @Operation(summary = "A user's in-app messages, newest first (at most 100)")
    @GetMapping(path = "/api/v1/users/{userId}/inbox", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<CampaignMessages.InboxMessage>> inbox(@PathVariable("userId") String userId) {
        return Map.of("messages", messages.inbox(userId, 100));
    }

    @Operation(summary = "One-click opt-out from a signed link (no sign-in): the channel it names is opted out at "
            + "once; a link the service did not sign is a 400")
    @GetMapping(path = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> unsubscribe(@PathVariable("token") String token) {
        Contacts.Unsubscribed done = contacts.unsubscribe(token);
        String channel = HtmlUtils.htmlEscape(done.channel().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body("<!doctype html><html><head><meta "
                + "charset=\"utf-8\"><title>Unsubscribed</title></head><body><p>You will get no more marketing "
                + channel + " messages from us.</p></body></html>");
    }

    @Operation(summary = "One-click opt-out as mail clients send it (RFC 8058 List-Unsubscribe-Post)")
    @PostMapping(path = "/unsubscribe/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
    Contacts.Unsubscribed unsubscribePost(@PathVariable("token") String token) {
        return contacts.unsubscribe(token);
    }
}
