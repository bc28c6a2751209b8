-- Several nodes on one PostgreSQL.

-- Jobs are executions of db-scheduler tasks: claimed by one node (picked, picked_by), kept alive by its
-- heartbeat, revived by another node when the heartbeat goes stale.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    state                text,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- Each run of a job takes the next attempt; a run writes its progress and result only while its attempt is the
-- latest, so a job revived on another node is finished exactly once.
ALTER TABLE simulation ADD COLUMN attempt int NOT NULL DEFAULT 0, ADD COLUMN node text;
ALTER TABLE benefit_population_job ADD COLUMN attempt int NOT NULL DEFAULT 0, ADD COLUMN node text,
    ADD COLUMN progress json;

-- Jobs accepted before this version and not finished become executions, so they resume on whichever node
-- starts first.
INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
SELECT CASE kind WHEN 'YEAR' THEN 'year-simulation' ELSE 'simulation' END, simulation_id::text, now(), false, 1
FROM simulation WHERE status IN ('QUEUED', 'RUNNING') AND kind IN ('REPLAY', 'YEAR');
INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
SELECT 'population-allocation', allocation_id::text, now(), false, 1
FROM benefit_population_job WHERE status IN ('QUEUED', 'RUNNING');

-- Which node decided.
ALTER TABLE decision_log ADD COLUMN node text;

-- Records from Kafka that failed the event checks, with every bad field; their offsets are committed.
CREATE TABLE event_rejection (
    topic         text        NOT NULL,
    partition     int         NOT NULL,
    record_offset bigint      NOT NULL,
    record_key    text,
    value         text,
    problems      json        NOT NULL,
    rejected_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition, record_offset)
);
