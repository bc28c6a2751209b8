-- What-if simulations, owned by the simulation area: the request as accepted, progress, and the report.
-- A job accepted here is run to completion even across restarts (queued and running jobs are resumed).
CREATE TABLE simulation (
    simulation_id  uuid        PRIMARY KEY,
    status         text        NOT NULL,      -- QUEUED | RUNNING | DONE | FAILED
    requested_by   text        NOT NULL,
    requested_at   timestamptz NOT NULL DEFAULT now(),
    spec           json        NOT NULL,
    total          integer,
    done           integer     NOT NULL DEFAULT 0,
    started_at     timestamptz,
    finished_at    timestamptz,
    report         jsonb,
    changes_csv    text,
    error          text
);
CREATE INDEX simulation_status_idx ON simulation (status);
