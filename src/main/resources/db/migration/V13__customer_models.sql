-- The price book, owned by the customers area: each PUT is a new version, the newest is current.
CREATE TABLE price_book (
    version     bigserial   PRIMARY KEY,
    book        jsonb       NOT NULL,
    put_by      text        NOT NULL,
    put_at      timestamptz NOT NULL DEFAULT now()
);

-- Churn models, owned by the customers area: one fitted model per version with its held-out quality. The newest
-- version scores; older ones stay for audit and comparison.
CREATE TABLE churn_model (
    version      text        PRIMARY KEY,
    trained_at   timestamptz NOT NULL DEFAULT now(),
    as_of        timestamptz NOT NULL,
    auc          double precision NOT NULL,
    train_customers integer  NOT NULL,
    test_customers  integer  NOT NULL,
    churned      integer     NOT NULL,
    features     text[]      NOT NULL,
    feature_means double precision[] NOT NULL,
    model        bytea       NOT NULL
);

-- Model monitoring: every reading of a model's quality on its newest labelled period, and whether it fell below
-- its table threshold (an alert until a later reading of the same model is fine again).
CREATE TABLE model_quality (
    id           bigserial   PRIMARY KEY,
    model        text        NOT NULL,
    version      text        NOT NULL,
    period_from  timestamptz NOT NULL,
    period_to    timestamptz NOT NULL,
    auc          double precision,
    labelled     integer     NOT NULL,
    positives    integer     NOT NULL,
    minimum_auc  double precision,
    minimum_labelled integer,
    status       text        NOT NULL,
    measured_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX model_quality_model_idx ON model_quality (model, measured_at DESC);
