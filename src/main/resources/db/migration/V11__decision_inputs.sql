-- What a decision was made from beyond its request, when that changes over time (a benefit allocation's model
-- scores and behaviour counts), so that it can be decided again under another rule set from the same inputs.
ALTER TABLE decision_log ADD COLUMN inputs json;
