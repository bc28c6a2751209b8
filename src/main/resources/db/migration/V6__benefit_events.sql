-- Behavioural events, owned by the benefits area. An event is stored once by its event_id (a retried batch
-- counts its events as duplicates); nothing here is ever updated.
CREATE TABLE benefit_event (
    event_id       text          PRIMARY KEY,
    user_id        text          NOT NULL,
    type           text          NOT NULL,
    occurred_at    timestamptz   NOT NULL,
    category       text,
    product_id     text,
    amount         numeric(12,2),
    dwell_seconds  integer,
    benefit_id     text,
    received_at    timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX benefit_event_user_idx ON benefit_event (user_id, occurred_at);
