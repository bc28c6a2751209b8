-- Price exposures, owned by the pricing area: a price of a plan shown to a visitor or customer and whether it
-- converted. Stored once by exposure_id, never updated.
CREATE TABLE price_exposure (
    exposure_id    text          PRIMARY KEY,
    subject_id     text          NOT NULL,
    plan_id        text          NOT NULL,
    segment        text,
    currency       text          NOT NULL,
    experiment_key text,
    variant        text,
    price          numeric(12,2) NOT NULL,
    shown_at       timestamptz   NOT NULL,
    converted      boolean       NOT NULL,
    received_at    timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX price_exposure_plan_idx ON price_exposure (plan_id, currency, segment, price);

-- Competitors' prices, owned by the pricing area: each PUT is a snapshot; the newest is current.
CREATE TABLE market_snapshot (
    snapshot  bigserial   PRIMARY KEY,
    put_by    text        NOT NULL,
    put_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE market_price (
    snapshot     bigint        NOT NULL REFERENCES market_snapshot (snapshot),
    plan_id      text          NOT NULL,
    competitor   text          NOT NULL,
    price        numeric(12,2) NOT NULL,
    currency     text          NOT NULL,
    observed_on  date          NOT NULL,
    PRIMARY KEY (snapshot, plan_id, competitor)
);
