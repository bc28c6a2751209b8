-- Subscription histories, owned by the customers area: each event stored once by its event_id, never updated.
CREATE TABLE subscription_event (
    event_id     text          PRIMARY KEY,
    customer_id  text          NOT NULL,
    type         text          NOT NULL,
    plan_id      text          NOT NULL,
    price        numeric(12,2),
    currency     text,
    segment      text,
    occurred_at  timestamptz   NOT NULL,
    received_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX subscription_event_customer_idx ON subscription_event (customer_id, occurred_at);
CREATE INDEX subscription_event_time_idx ON subscription_event (occurred_at);
