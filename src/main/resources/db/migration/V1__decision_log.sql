-- Every answered decision, with what was asked, what was answered, under which rule set, and how long it took.
-- Owned by the system area; written once per decision and never updated. Request and response are `json`,
-- not `jsonb`: kept as sent, decimals and key order included, so a logged decision can be replayed exactly
-- (and it is cheaper to write); the ->> operators still work.
CREATE TABLE decision_log (
    decision_id      uuid PRIMARY KEY,
    decision_type    text        NOT NULL,
    user_id          text,
    ruleset_version  text        NOT NULL,
    request          json        NOT NULL,
    response         json        NOT NULL,
    decided_at       timestamptz NOT NULL DEFAULT now(),
    rules_micros     bigint      NOT NULL,
    solve_micros     bigint      NOT NULL,
    total_micros     bigint      NOT NULL
);

CREATE INDEX decision_log_user_idx ON decision_log (user_id, decided_at);
CREATE INDEX decision_log_time_idx ON decision_log (decided_at);
CREATE INDEX decision_log_version_idx ON decision_log (ruleset_version);
