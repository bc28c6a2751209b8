-- Rotation over time, owned by the rotation area.

-- Market data: platforms, tiers, bundles, catalog and content calendar, as received (the newest serves).
CREATE TABLE content_catalog (
    catalog_id   bigserial   PRIMARY KEY,
    received_at  timestamptz NOT NULL DEFAULT now(),
    received_by  text        NOT NULL,
    body         json        NOT NULL
);

-- A user's state: budget, watchlist items and subscriptions, each item kept in the request's JSON shape.
CREATE TABLE rotation_user (
    user_id     text          PRIMARY KEY,
    budget_cap  numeric(12,2) NOT NULL CHECK (budget_cap >= 0),
    currency    text          NOT NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now()
);
CREATE TABLE rotation_watch_item (
    user_id     text        NOT NULL REFERENCES rotation_user (user_id) ON DELETE CASCADE,
    title_id    text        NOT NULL,
    item        json        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, title_id)
);
CREATE TABLE rotation_subscription (
    user_id      text NOT NULL REFERENCES rotation_user (user_id) ON DELETE CASCADE,
    platform_id  text NOT NULL,
    item         json NOT NULL,
    PRIMARY KEY (user_id, platform_id)
);

-- The baseline portfolio: what the user would have kept paying for, and since which month.
CREATE TABLE rotation_baseline (
    user_id       text          NOT NULL REFERENCES rotation_user (user_id) ON DELETE CASCADE,
    platform_id   text          NOT NULL,
    tier_id       text,
    monthly_cost  numeric(12,2) NOT NULL CHECK (monthly_cost >= 0),
    since         date          NOT NULL,
    source        text          NOT NULL,   -- ONBOARDING | KEPT_RECOMMENDATION
    PRIMARY KEY (user_id, platform_id)
);

-- Plans per user and month (the monthly plan and any mid-month re-evaluation), and what the user did.
CREATE TABLE rotation_plan (
    decision_id  uuid        PRIMARY KEY,
    user_id      text        NOT NULL REFERENCES rotation_user (user_id) ON DELETE CASCADE,
    month        date        NOT NULL,
    decided_at   timestamptz NOT NULL DEFAULT now(),
    trigger      text        NOT NULL,      -- MONTHLY | REEVALUATION
    reason       text,
    plan         json        NOT NULL
);
CREATE INDEX rotation_plan_user_month_idx ON rotation_plan (user_id, month, decided_at);
CREATE TABLE rotation_plan_action (
    decision_id  uuid        NOT NULL REFERENCES rotation_plan (decision_id) ON DELETE CASCADE,
    platform_id  text        NOT NULL,
    action       text        NOT NULL,      -- KEEP | SUBSCRIBE | DOWNGRADE | CANCEL
    outcome      text        NOT NULL,      -- ACCEPTED | EXECUTED | IGNORED
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (decision_id, platform_id, action)
);

-- The savings ledger: one entry per user, month and baseline service not paid for or paid for at less.
CREATE TABLE rotation_savings (
    user_id      text          NOT NULL REFERENCES rotation_user (user_id) ON DELETE CASCADE,
    month        date          NOT NULL,
    platform_id  text          NOT NULL,
    kind         text          NOT NULL,   -- CANCELLED | DOWNGRADED
    amount       numeric(12,2) NOT NULL CHECK (amount > 0),
    PRIMARY KEY (user_id, month, platform_id)
);
