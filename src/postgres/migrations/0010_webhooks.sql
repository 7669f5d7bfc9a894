-- Webhook subscriptions of departments without Kafka, and one delivery row per (subscription,
-- event): the unique pair makes consuming licenses.events idempotent, and pending rows survive a
-- restart. The endpoint's breaker state lives on the subscription so every hub instance shares it.
create table webhook_subscriptions (
  id                   uuid        primary key,
  department           char(18)    not null references departments (uscc),
  url                  text        not null,
  type_codes           text[]      not null check (cardinality(type_codes) > 0),
  issuers              text[]      not null default '{}',
  description          text,
  status               text        not null default 'active' check (status in ('active', 'disabled')),
  consecutive_failures integer     not null default 0,
  open_until           timestamptz,
  failing_since        timestamptz,
  disabled_at          timestamptz,
  created_at           timestamptz not null,
  created_by           text        not null
);
create index webhook_subscriptions_department on webhook_subscriptions (department);

create table webhook_deliveries (
  id              uuid        primary key,
  subscription_id uuid        not null references webhook_subscriptions (id),
  event_id        uuid        not null,
  event_type      text        not null,
  body            text        not null,
  status          text        not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts        integer     not null default 0,
  -- Due time while pending; pushed forward by a claim's lease while an attempt is under way.
  next_attempt_at timestamptz,
  delivered_at    timestamptz,
  created_at      timestamptz not null,
  unique (subscription_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_log on webhook_deliveries (subscription_id, created_at desc);

-- The delivery log: every attempt, kept with its delivery.
create table webhook_attempts (
  id          bigserial   primary key,
  delivery_id uuid        not null references webhook_deliveries (id),
  attempt     integer     not null,
  at          timestamptz not null,
  http_status integer,
  ok          boolean     not null,
  error       text,
  duration_ms integer     not null
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, id);
