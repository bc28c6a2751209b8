-- Each user's current benefit allocation (the latest decision, changed by allowed swaps) and every swap asked
-- for, allowed or refused. Owned by the benefits area.
CREATE TABLE benefit_allocation (
    user_id      text        PRIMARY KEY,
    tier         text        NOT NULL,
    decision_id  uuid        NOT NULL,
    benefits     json        NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE benefit_swap (
    swap_id     bigserial   PRIMARY KEY,
    user_id     text        NOT NULL,
    give        text        NOT NULL,
    take        text        NOT NULL,
    allowed     boolean     NOT NULL,
    reason      text        NOT NULL,
    decided_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX benefit_swap_user_idx ON benefit_swap (user_id, decided_at);
