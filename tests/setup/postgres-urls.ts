/** The same server as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Where CREATE/DROP DATABASE can run: the server's maintenance database. */
export const adminUrl = (url: string) => databaseUrl(url, "postgres");
