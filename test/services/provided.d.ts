/**
 * @module test/services/provided
 * What test/services/global-setup.ts hands to integration tests through `inject()`.
 */
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL superuser URL: DATABASE_URL, or the throwaway cluster the setup started. */
    databaseUrl: string;
    /** Kafka bootstrap list (`host:port[,host:port]`): KAFKA_BROKERS, or the broker the setup started. */
    kafkaBrokers: string;
    /** MariaDB URL with an all-privileges account: MARIADB_URL, or the throwaway server the setup started. */
    mariadbUrl: string;
  }
}
