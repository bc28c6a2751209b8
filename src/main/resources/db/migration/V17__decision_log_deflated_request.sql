-- A decision's request is stored deflated (zlib: DEFLATE with a checksum, of its UTF-8 text as received): a
-- full-size rotation request is about 100 KB of JSON and 10 KB deflated. Compressing it in the service costs a
-- fraction of what PostgreSQL's own pglz compression and json parsing of the same text cost, so the column is
-- stored EXTERNAL (not compressed again). Rows written before this migration keep their `request` json; a row
-- has one of the two. The response stays `json` (queryable with ->>); read requests through the service
-- (DecisionLog).
ALTER TABLE decision_log ADD COLUMN request_deflated bytea;
ALTER TABLE decision_log ALTER COLUMN request_deflated SET STORAGE EXTERNAL;
ALTER TABLE decision_log ALTER COLUMN request DROP NOT NULL;
ALTER TABLE decision_log ADD CONSTRAINT decision_log_request_present
    CHECK (request IS NOT NULL OR request_deflated IS NOT NULL);
