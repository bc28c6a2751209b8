-- Drafts edited in the console: an edit makes a new draft and closes the one it was made from as SUPERSEDED.
ALTER TABLE ruleset_draft ADD COLUMN replaces uuid REFERENCES ruleset_draft (draft_id);
CREATE UNIQUE INDEX ruleset_draft_replaces_idx ON ruleset_draft (replaces);
COMMENT ON COLUMN ruleset_draft.status IS 'OPEN | PROMOTED | DISCARDED | SUPERSEDED';
