-- Simulations are of two kinds: REPLAY (logged decisions or given requests under a challenger rule set) and
-- YEAR (months of rotation for stored users, paid and saved against their baselines).
ALTER TABLE simulation ADD COLUMN kind text NOT NULL DEFAULT 'REPLAY';
