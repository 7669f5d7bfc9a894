-- Providers without Kafka: a data service may name an HTTPS endpoint the hub POSTs each request to
-- (signed like the webhooks); without one, requests go to the provider's Kafka topic.
alter table data_services add column endpoint text;
