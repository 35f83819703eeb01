import dns2 from "dns2";

/** A real DNS server on loopback answering TXT questions: the records a domain's owner would publish. */
export function txtDnsServer(port: number) {
  const records = new Map<string, string[]>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = dns2.Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      // DNS names are case-insensitive (and resolvers may randomize the case they ask in).
      for (const data of records.get(question?.name.toLowerCase() ?? "") ?? []) {
        // dns2's types ask for a toBuffer its encoder does not need for plain TXT answers.
        response.answers.push({ name: question!.name, type: dns2.Packet.TYPE.TXT, class: dns2.Packet.CLASS.IN, ttl: 60, data } as unknown as (typeof response.answers)[number]);
      }
      send(response);
    },
  });
  return {
    /** Publishes (replaces) the TXT values of one name. */
    publish: (name: string, ...values: string[]) => void records.set(name.toLowerCase(), values),
    listen: () => server.listen({ udp: { port, address: "127.0.0.1" } }),
    close: () => server.close(),
  };
}
