-- Rule-set versions, owned by the rules area. A version is named by the sha256 of its files and stored with
-- them, so every decision's ruleset_version resolves to the exact files that decided it.
CREATE TABLE ruleset_version (
    version     text        PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now(),
    created_by  text        NOT NULL,
    origin      text        NOT NULL          -- folders | draft | upload
);

CREATE TABLE ruleset_file (
    version  text  NOT NULL REFERENCES ruleset_version (version),
    path     text  NOT NULL,
    content  bytea NOT NULL,
    PRIMARY KEY (version, path)
);

-- Every time a version went live: who or what activated it, when, and which version it replaced.
CREATE TABLE ruleset_activation (
    activation_id     bigserial   PRIMARY KEY,
    version           text        NOT NULL REFERENCES ruleset_version (version),
    activated_at      timestamptz NOT NULL DEFAULT now(),
    activated_by      text        NOT NULL,
    trigger           text        NOT NULL,  -- startup | reload | promote | rollback
    previous_version  text,
    note              text
);
CREATE INDEX ruleset_activation_time_idx ON ruleset_activation (activated_at);

-- Draft rule sets: uploaded, tried (scenarios, what-if) without touching live traffic, then promoted or discarded.
CREATE TABLE ruleset_draft (
    draft_id      uuid        PRIMARY KEY,
    version       text        NOT NULL REFERENCES ruleset_version (version),
    base_version  text        NOT NULL,
    status        text        NOT NULL,      -- OPEN | PROMOTED | DISCARDED
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    closed_by     text,
    closed_at     timestamptz,
    note          text
);
