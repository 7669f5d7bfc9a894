-- Staff accounts, console sessions and the sign-in back-off.

-- Passwords only as self-describing scrypt hashes. Department-bound roles name an existing
-- department; county-wide roles name none. Accounts are disabled, never deleted, so a name is never
-- reused for someone else and past actions stay attributable. `credential_version` counts password
-- changes: a session is valid only for the version it was signed in with (no clock comparisons
-- between hub instances and the database).
create table users (
  username             text        primary key check (username ~ '^[a-z0-9._-]{3,64}$'),
  role                 text        not null check (role in ('security-admin', 'dept-admin', 'clerk', 'auditor')),
  department           char(18)    references departments (uscc),
  password_hash        text        not null check (password_hash like 'scrypt$%'),
  created_by           text        not null,
  created_at           timestamptz not null default now(),
  credential_version   integer     not null default 1,
  disabled_at          timestamptz,
  check ((role in ('dept-admin', 'clerk')) = (department is not null))
);

-- Sessions are keyed by the SHA-256 digest of the cookie value; the value itself is never stored.
create table sessions (
  id_hash       bytea       primary key,
  username      text        not null references users (username),
  csrf_token    text        not null,
  credential_version  integer not null,
  created_at    timestamptz not null,
  last_seen_at  timestamptz not null,
  expires_at    timestamptz not null
);
create index sessions_username on sessions (username);
create index sessions_expires_at on sessions (expires_at);
create index sessions_last_seen_at on sessions (last_seen_at);

-- Failed sign-ins per `user:<name>` and `ip:<address>`; shared by every hub instance.
create table login_failures (
  key              text        primary key,
  failures         integer     not null check (failures > 0),
  last_failure_at  timestamptz not null,
  locked_until     timestamptz
);
create index login_failures_last_failure_at on login_failures (last_failure_at);
