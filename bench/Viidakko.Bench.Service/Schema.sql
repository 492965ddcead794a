-- Schema of the plain comparison service. Applied at start-up; every statement is idempotent.
-- Enumerations are stored as the proto enum numbers (smallint). Surrogate bigint keys; the
-- resource names' ids are unique within their parent.

CREATE TABLE IF NOT EXISTS networks (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_id        text        NOT NULL UNIQUE,
    display_name      text        NOT NULL,
    region            text        NOT NULL DEFAULT '',
    create_request_id text,
    create_time       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS firms (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_pk          bigint      NOT NULL REFERENCES networks (id),
    firm_id             text        NOT NULL,
    display_name        text        NOT NULL,
    city                text        NOT NULL DEFAULT '',
    description         text        NOT NULL DEFAULT '',
    capacity            smallint    NOT NULL DEFAULT 0,
    next_free_date      text        NOT NULL DEFAULT '',
    traits              text[]      NOT NULL DEFAULT '{}',
    -- SHA-256 of the API key: the key itself is shown once and never stored.
    api_key_hash        bytea       NOT NULL UNIQUE,
    suspended           boolean     NOT NULL DEFAULT false,
    register_request_id text,
    create_time         timestamptz NOT NULL DEFAULT now(),
    update_time         timestamptz NOT NULL DEFAULT now(),
    UNIQUE (network_pk, firm_id)
);

CREATE TABLE IF NOT EXISTS firm_people (
    firm_pk  bigint   NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
    ordinal  smallint NOT NULL,
    name     text     NOT NULL,
    role     text     NOT NULL DEFAULT '',
    email    text     NOT NULL DEFAULT '',
    phone    text     NOT NULL DEFAULT '',
    PRIMARY KEY (firm_pk, ordinal)
);

CREATE TABLE IF NOT EXISTS firm_capabilities (
    firm_pk bigint   NOT NULL REFERENCES firms (id) ON DELETE CASCADE,
    skill   text     NOT NULL,
    level   smallint NOT NULL,
    PRIMARY KEY (firm_pk, skill)
);
CREATE INDEX IF NOT EXISTS firm_capabilities_skill ON firm_capabilities (skill, level);

-- One row per pair of firms, whichever proposed; (firm_low, firm_high) finds it from either side.
CREATE TABLE IF NOT EXISTS partnerships (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    network_pk         bigint           NOT NULL REFERENCES networks (id),
    proposer_pk        bigint           NOT NULL REFERENCES firms (id),
    invitee_pk         bigint           NOT NULL REFERENCES firms (id),
    firm_low           bigint GENERATED ALWAYS AS (least(proposer_pk, invitee_pk)) STORED,
    firm_high          bigint GENERATED ALWAYS AS (greatest(proposer_pk, invitee_pk)) STORED,
    state              smallint         NOT NULL,
    fee_percent        double precision NOT NULL,
    fee_cap_months     integer          NOT NULL,
    non_solicit_months integer          NOT NULL,
    scope              text[]           NOT NULL DEFAULT '{}',
    message            text             NOT NULL DEFAULT '',
    state_note         text             NOT NULL DEFAULT '',
    version            bigint           NOT NULL DEFAULT 1,
    propose_request_id text,
    accept_request_id  text,
    create_time        timestamptz      NOT NULL DEFAULT now(),
    update_time        timestamptz      NOT NULL DEFAULT now(),
    CHECK (proposer_pk <> invitee_pk),
    UNIQUE (firm_low, firm_high)
);

CREATE TABLE IF NOT EXISTS clients (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    firm_pk           bigint      NOT NULL REFERENCES firms (id),
    client_id         text        NOT NULL,
    display_name      text        NOT NULL,
    business_id       text        NOT NULL DEFAULT '',
    contact_person    text        NOT NULL DEFAULT '',
    contact_email     text        NOT NULL DEFAULT '',
    contact_phone     text        NOT NULL DEFAULT '',
    contact_address   text        NOT NULL DEFAULT '',
    keep              boolean     NOT NULL DEFAULT false,
    notes             text        NOT NULL DEFAULT '',
    create_request_id text,
    create_time       timestamptz NOT NULL DEFAULT now(),
    update_time       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (firm_pk, client_id)
);

CREATE TABLE IF NOT EXISTS hassle_entries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_pk   bigint      NOT NULL REFERENCES clients (id),
    kind        smallint    NOT NULL,
    minutes     integer     NOT NULL,
    note        text        NOT NULL DEFAULT '',
    occur_time  timestamptz NOT NULL,
    record_time timestamptz NOT NULL DEFAULT now(),
    request_id  text,
    UNIQUE (client_pk, request_id)
);
CREATE INDEX IF NOT EXISTS hassle_entries_client ON hassle_entries (client_pk);

CREATE TABLE IF NOT EXISTS revenue_entries (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_pk    bigint      NOT NULL REFERENCES clients (id),
    amount_cents bigint      NOT NULL,
    note         text        NOT NULL DEFAULT '',
    occur_time   timestamptz NOT NULL,
    record_time  timestamptz NOT NULL DEFAULT now(),
    request_id   text,
    UNIQUE (client_pk, request_id)
);
CREATE INDEX IF NOT EXISTS revenue_entries_client ON revenue_entries (client_pk);

CREATE TABLE IF NOT EXISTS referrals (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    network_pk         bigint           NOT NULL REFERENCES networks (id),
    kind               smallint         NOT NULL,
    state              smallint         NOT NULL,
    referrer_pk        bigint           NOT NULL REFERENCES firms (id),
    receiver_pk        bigint           NOT NULL REFERENCES firms (id),
    client_pk          bigint           NOT NULL REFERENCES clients (id),
    need_skills        text[]           NOT NULL,
    need_description   text             NOT NULL DEFAULT '',
    budget_min_cents   bigint           NOT NULL DEFAULT 0,
    budget_max_cents   bigint           NOT NULL DEFAULT 0,
    deadline           text             NOT NULL DEFAULT '',
    warmth             smallint         NOT NULL,
    fee_percent        double precision NOT NULL,
    fee_cap_months     integer          NOT NULL,
    non_solicit_months integer          NOT NULL,
    scope              text[]           NOT NULL DEFAULT '{}',
    -- The client's difficulty when the referral was made (google.protobuf JSON of viidakko.v1.Disclosure).
    disclosure         jsonb            NOT NULL,
    note               text             NOT NULL DEFAULT '',
    expire_time        timestamptz      NOT NULL,
    version            bigint           NOT NULL DEFAULT 1,
    request_id         text,
    create_time        timestamptz      NOT NULL DEFAULT now(),
    update_time        timestamptz      NOT NULL DEFAULT now(),
    -- AIP-155: a retried create with the same request_id finds the first referral.
    UNIQUE (referrer_pk, request_id)
);
CREATE INDEX IF NOT EXISTS referrals_receiver ON referrals (receiver_pk, create_time);
CREATE INDEX IF NOT EXISTS referrals_client ON referrals (client_pk);

CREATE TABLE IF NOT EXISTS referral_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    referral_id uuid        NOT NULL REFERENCES referrals (id),
    time        timestamptz NOT NULL DEFAULT now(),
    actor_pk    bigint      REFERENCES firms (id),
    type        smallint    NOT NULL,
    state_after smallint    NOT NULL,
    note        text        NOT NULL DEFAULT '',
    request_id  text
);
CREATE INDEX IF NOT EXISTS referral_events_referral ON referral_events (referral_id, id);
