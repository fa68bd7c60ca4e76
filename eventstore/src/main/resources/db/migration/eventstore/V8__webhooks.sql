-- Webhooks: product teams' HTTPS endpoints subscribed to integration event types of their tenant, and the deliveries
-- to them. Operational state beside the log (not events): the log stays the audit trail of the data, these rows say
-- what was sent where. The webhook subscriber (a Tram consumer) enqueues a delivery per subscribed endpoint in the same
-- transaction as its "received" record; delivery workers send them, in order per endpoint and aggregate.
CREATE TABLE webhook (
    id                    uuid        PRIMARY KEY,
    tenant_id             uuid        NOT NULL,
    url                   text        NOT NULL,
    -- published type names (entity.archived.v1), a channel's prefix (entity.*) or * for all
    event_types           text[]      NOT NULL,
    description           text,
    -- HMAC-SHA256 keys: the current one, and the one it replaced while deliveries are still signed with it too
    secret                text        NOT NULL,
    previous_secret       text,
    previous_secret_until timestamptz,
    status                text        NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'DELETED')),
    created_at            timestamptz NOT NULL,
    created_by            text        NOT NULL,
    updated_at            timestamptz NOT NULL,
    updated_by            text        NOT NULL
);

CREATE INDEX webhook_tenant_idx ON webhook (tenant_id, created_at) WHERE status <> 'DELETED';

CREATE TABLE webhook_delivery (
    -- the order deliveries were enqueued in: an endpoint receives an aggregate's events in this order
    id              bigserial   PRIMARY KEY,
    webhook_id      uuid        NOT NULL REFERENCES webhook (id),
    tenant_id       uuid        NOT NULL,
    -- the integration message (its id is the event's id for receivers, stable across retries and replays)
    message_id      varchar(255) NOT NULL,
    event_type      text        NOT NULL,
    aggregate_id    text        NOT NULL,
    -- the exact JSON body sent (signed as it is)
    body            text        NOT NULL,
    -- PENDING: the head of its lane (endpoint and aggregate), sent when due; QUEUED: behind the lane's head, promoted
    -- when the head is delivered or dead-lettered (enqueue and promotion hold the aggregate's advisory lock, so a lane
    -- has one head at most and no row is left behind unpromoted)
    status          text        NOT NULL CHECK (status IN ('PENDING', 'QUEUED', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts        integer     NOT NULL DEFAULT 0,
    -- attempts since the retry period began (the backoff grows with these)
    tries           integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- the retry period began (the first attempt as head, or a replay, or a resume): null until then. A delivery is
    -- dead-lettered once retries have gone on longer than the configured time since this.
    retrying_since  timestamptz,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- a worker sending it: its claim, until when (a worker that died releases it when that passes)
    claim           uuid,
    claimed_until   timestamptz,
    last_attempt_at timestamptz,
    last_status     integer,
    last_error      text,
    delivered_at    timestamptz,
    UNIQUE (webhook_id, message_id)
);

-- each endpoint's due lane heads (only heads are PENDING: what waits behind them is not scanned)
CREATE INDEX webhook_delivery_head_idx ON webhook_delivery (webhook_id, next_attempt_at, id) WHERE status = 'PENDING';
-- a lane's rows in order (promotion, pending counts)
CREATE INDEX webhook_delivery_lane_idx ON webhook_delivery (webhook_id, aggregate_id, id)
    WHERE status IN ('PENDING', 'QUEUED');
-- deliveries in flight per endpoint (each endpoint gets a bounded share of the senders)
CREATE INDEX webhook_delivery_claimed_idx ON webhook_delivery (webhook_id) WHERE claim IS NOT NULL;
-- the delivery log, newest first, all or in one status (dead-letter counts too)
CREATE INDEX webhook_delivery_log_idx ON webhook_delivery (webhook_id, id);
CREATE INDEX webhook_delivery_status_idx ON webhook_delivery (webhook_id, status, id);
-- retention
CREATE INDEX webhook_delivery_done_idx ON webhook_delivery (created_at) WHERE status IN ('DELIVERED', 'CANCELLED', 'DEAD');

CREATE TABLE webhook_attempt (
    delivery_id bigint      NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    at          timestamptz NOT NULL,
    duration_ms integer     NOT NULL,
    status      integer,
    error       text,
    PRIMARY KEY (delivery_id, attempt)
);
