-- Members and their tiers (who a population allocation covers), population allocation jobs, and each member's
-- result in a job. Owned by the benefits area. A job accepted here is run to completion even across restarts.
CREATE TABLE benefit_member (
    user_id     text        PRIMARY KEY,
    tier        text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX benefit_member_tier_idx ON benefit_member (tier, user_id);

CREATE TABLE benefit_population_job (
    allocation_id   uuid        PRIMARY KEY,
    status          text        NOT NULL,      -- QUEUED | RUNNING | DONE | FAILED
    requested_by    text        NOT NULL,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    request         json        NOT NULL,
    ruleset_version text,
    model_version   text,
    started_at      timestamptz,
    finished_at     timestamptz,
    result          json,
    error           text,
    applied_at      timestamptz,              -- when the members' current benefits were set from it
    applied_by      text
);
CREATE INDEX benefit_population_job_status_idx ON benefit_population_job (status);

CREATE TABLE benefit_population_member (
    allocation_id  uuid  NOT NULL REFERENCES benefit_population_job (allocation_id) ON DELETE CASCADE,
    user_id        text  NOT NULL,
    tier           text  NOT NULL,
    benefits       json  NOT NULL,
    lost           json,
    PRIMARY KEY (allocation_id, user_id)
);
