-- Campaign automation: campaigns, recipients' contact details and consent history, the queue of events the
-- triggers read, every candidate message with its outcome, the delivery outbox and the in-app inbox.

CREATE TABLE campaign (
    campaign_key   text        PRIMARY KEY,
    type           text        NOT NULL,
    status         text        NOT NULL,
    definition     jsonb       NOT NULL,
    experiment_key text,
    last_check     jsonb,
    created_by     text        NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

CREATE TABLE campaign_audit (
    audit_id     bigserial   PRIMARY KEY,
    campaign_key text        NOT NULL REFERENCES campaign (campaign_key),
    action       text        NOT NULL,
    by_user      text        NOT NULL,
    at           timestamptz NOT NULL,
    detail       text
);

CREATE TABLE contact (
    user_id    text        PRIMARY KEY,
    first_name text,
    time_zone  text,
    email      text,
    phone      text,
    push_token text,
    updated_by text        NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Consent is history: a new row per change, never an update. The newest row per user and channel counts.
CREATE TABLE contact_consent (
    consent_id   bigserial   PRIMARY KEY,
    user_id      text        NOT NULL,
    channel      text        NOT NULL,
    status       text        NOT NULL,
    text_version text,
    source       text        NOT NULL,
    given_at     timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL
);
CREATE INDEX contact_consent_user_idx ON contact_consent (user_id, channel, consent_id DESC);

-- Each newly accepted behavioural or subscription event, written by the same statement that stores it, taken
-- (deleted) by the trigger evaluation in the transaction that logs its decisions: none skipped, none twice. An
-- event whose evaluation fails on its own stays, marked failed, so that it holds up nothing after it.
CREATE TABLE campaign_trigger_queue (
    seq         bigserial   PRIMARY KEY,
    event_id    text        NOT NULL,
    source      text        NOT NULL,
    user_id     text        NOT NULL,
    type        text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    amount      numeric(12,2),
    category    text,
    plan_id     text,
    segment     text,
    benefit_id  text,
    failed_at   timestamptz,
    error       text
);

-- Every candidate message: one per campaign, trigger, user and channel (so a trigger event never sends twice),
-- with its outcome, reason code and the rule that decided. local_day is the recipient's calendar day when it was
-- sent (their time zone), for the calendar-day caps; context keeps what a deferred message needs when it is
-- decided again at its release time.
CREATE TABLE campaign_message (
    message_id     uuid        PRIMARY KEY,
    campaign_key   text        NOT NULL,
    user_id        text        NOT NULL,
    channel        text        NOT NULL,
    trigger_key    text        NOT NULL,
    trigger_type   text        NOT NULL,
    marketing      boolean     NOT NULL,
    outcome        text        NOT NULL,
    first_outcome  text        NOT NULL,
    reason         text,
    rule           text,
    source         text,
    experiment_key text,
    variant        text,
    offer          jsonb,
    local_day      date,
    release_at     timestamptz,
    context        jsonb,
    decided_at     timestamptz NOT NULL,
    first_decided_at timestamptz NOT NULL,
    UNIQUE (campaign_key, trigger_key, user_id, channel)
);
CREATE INDEX campaign_message_sent_idx ON campaign_message (user_id, channel, decided_at) WHERE outcome = 'SENT';
CREATE INDEX campaign_message_campaign_idx ON campaign_message (campaign_key, first_decided_at);
CREATE INDEX campaign_message_deferred_idx ON campaign_message (release_at) WHERE outcome = 'DEFERRED_QUIET_HOURS';

CREATE TABLE message_outbox (
    message_id      uuid        PRIMARY KEY REFERENCES campaign_message (message_id),
    channel         text        NOT NULL,
    user_id         text        NOT NULL,
    address         text,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_until     timestamptz,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE INDEX message_outbox_due_idx ON message_outbox (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX message_outbox_dead_idx ON message_outbox (message_id) WHERE status = 'DEAD';

CREATE TABLE inbox_message (
    message_id  uuid        PRIMARY KEY,
    user_id     text        NOT NULL,
    subject     text        NOT NULL,
    body        text        NOT NULL,
    cta_text    text,
    cta_url     text,
    created_at  timestamptz NOT NULL,
    read_at     timestamptz
);
CREATE INDEX inbox_message_user_idx ON inbox_message (user_id, created_at DESC);

-- The key one-click unsubscribe links are signed with, made once so every node and restart agrees.
CREATE TABLE campaign_secret (
    name       text        PRIMARY KEY,
    secret     bytea       NOT NULL,
    created_at timestamptz NOT NULL
);
