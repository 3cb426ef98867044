// An error a cobra command's RunE returns: cobra prints "Error: <message>" and the command's usage on stderr, then
// main's log.Fatalln prints the FATA line and exits 1 (get-versions and scale end this way; upgrade calls Fatalf).
export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}
