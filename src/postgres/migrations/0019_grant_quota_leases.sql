-- A hub instance takes several requests of a grant's minute at once (a lease): the row says how
-- many the last take got, so the taker knows its share even when the take reached the limit.
alter table data_grant_usage add column last_taken integer not null default 1;
