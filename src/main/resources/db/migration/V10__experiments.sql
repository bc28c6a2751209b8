-- Experiments, owned by the experiments area. The definition is kept as validated (variants, targeting, metrics,
-- analysis); each start of a phase is a row, so that a change of weights or coverage is analysed apart.
CREATE TABLE experiment (
    experiment_key   text        PRIMARY KEY,
    type             text        NOT NULL,
    status           text        NOT NULL,
    definition       jsonb       NOT NULL,
    shipped_variant  text,
    created_by       text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    ended_by         text,
    ended_at         timestamptz
);

CREATE TABLE experiment_phase (
    experiment_key  text        NOT NULL REFERENCES experiment (experiment_key),
    phase           integer     NOT NULL,
    seed            text        NOT NULL,
    coverage        double precision NOT NULL,
    weights         jsonb       NOT NULL,
    reason          text,
    started_by      text        NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    ended_at        timestamptz,
    PRIMARY KEY (experiment_key, phase)
);

-- A user's first answer in a phase; never updated.
CREATE TABLE experiment_exposure (
    experiment_key  text        NOT NULL,
    phase           integer     NOT NULL,
    user_id         text        NOT NULL,
    variant         text        NOT NULL,
    exposed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (experiment_key, phase, user_id)
);
CREATE INDEX experiment_exposure_time_idx ON experiment_exposure (experiment_key, phase, exposed_at);

-- The global holdout: a share of all users, by its own seed, kept out of every experiment that opts in.
CREATE TABLE experiment_holdout (
    holdout_id  integer     PRIMARY KEY CHECK (holdout_id = 1),
    share       double precision NOT NULL,
    seed        text        NOT NULL,
    updated_by  text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Decisions made under an experiment say which one and which variant.
ALTER TABLE decision_log ADD COLUMN experiment_key text, ADD COLUMN variant text;
CREATE INDEX decision_log_experiment_idx ON decision_log (experiment_key, variant) WHERE experiment_key IS NOT NULL;
