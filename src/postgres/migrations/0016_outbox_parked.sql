-- A message the broker refuses for good (over its size limit, an invalid record or topic) can never be
-- published; retrying it would stall every row behind it. The relay parks it instead: the row stays
-- whole for an operator (raise the limit, then clear parked_at to send it again), and is skipped.
alter table outbox
  add column parked_at     timestamptz,
  add column parked_reason text;
