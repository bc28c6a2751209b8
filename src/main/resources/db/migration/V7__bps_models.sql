-- Benefit propensity models, owned by the benefits area: one fitted model per benefit per version, with its
-- held-out quality. The newest version scores; older ones stay for audit and comparison.
CREATE TABLE bps_model (
    version      text        NOT NULL,
    benefit_id   text        NOT NULL,
    trained_at   timestamptz NOT NULL DEFAULT now(),
    auc          double precision NOT NULL,
    train_users  integer     NOT NULL,
    test_users   integer     NOT NULL,
    positives    integer     NOT NULL,
    features     text[]      NOT NULL,
    model        bytea       NOT NULL,
    PRIMARY KEY (version, benefit_id)
);
