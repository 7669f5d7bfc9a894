-- Departments of the county, keyed by 统一社会信用代码 (validated by the application, GB 32100).
create table departments (
  uscc        char(18)    primary key,
  name        text        not null check (length(name) between 1 and 200),
  level       text        not null check (level in ('county', 'township', 'village')),
  active      boolean     not null default true,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now()
);
