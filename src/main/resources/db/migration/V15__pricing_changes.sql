-- Pricing decisions, owned by the pricing area: recommendations as answered, the prices per plan and segment
-- that changes have set, the changes with their dry runs and every action on them, and the billing outbox.
CREATE TABLE price_recommendation (
    recommendation_id uuid         PRIMARY KEY,
    created_at        timestamptz  NOT NULL,
    created_by        text         NOT NULL,
    body              jsonb        NOT NULL
);

-- The live price of a plan in a segment where a change set one; elsewhere the price book's price holds.
CREATE TABLE segment_price (
    plan_id    text           NOT NULL,
    segment    text           NOT NULL,
    price      numeric(12,2)  NOT NULL,
    currency   text           NOT NULL,
    change_id  uuid           NOT NULL,
    since      timestamptz    NOT NULL,
    PRIMARY KEY (plan_id, segment)
);

CREATE TABLE price_change (
    change_id          uuid         PRIMARY KEY,
    recommendation_id  uuid         NOT NULL REFERENCES price_recommendation (recommendation_id),
    status             text         NOT NULL,
    created_at         timestamptz  NOT NULL,
    created_by         text         NOT NULL,
    updated_at         timestamptz  NOT NULL,
    body               jsonb        NOT NULL
);

CREATE TABLE price_change_audit (
    audit_id   bigserial    PRIMARY KEY,
    change_id  uuid         NOT NULL REFERENCES price_change (change_id),
    at         timestamptz  NOT NULL,
    by_user    text         NOT NULL,
    action     text         NOT NULL,
    detail     jsonb        NOT NULL
);
CREATE INDEX price_change_audit_change_idx ON price_change_audit (change_id, audit_id);

-- Calls to the billing provider, written in the same transaction as the change they carry out, sent after.
CREATE TABLE billing_outbox (
    outbox_id        bigserial    PRIMARY KEY,
    change_id        uuid         NOT NULL REFERENCES price_change (change_id),
    kind             text         NOT NULL,
    idempotency_key  text         NOT NULL UNIQUE,
    payload          jsonb        NOT NULL,
    status           text         NOT NULL,
    attempts         int          NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL,
    last_error       text,
    result           jsonb,
    created_at       timestamptz  NOT NULL,
    done_at          timestamptz
);
CREATE INDEX billing_outbox_due_idx ON billing_outbox (status, next_attempt_at);
