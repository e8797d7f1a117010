/**
 * Identifiers typed one per line, the same way on every screen (issue 17: authoring wanted "KIND:value", the watch
 * "KIND value"): the kind, then a colon or spaces, then the value ("PHONE 13912345678", "VEHICLE_PLATE: 苏A12345").
 * The node validates each value and names the line that is wrong.
 */
export function parseIdentifierLines(text: string): { kind: string; value: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const m = /^([A-Za-z_]+)\s*[:：]?\s*(.*)$/.exec(line);
      return m ? { kind: m[1].toUpperCase(), value: m[2].trim() } : { kind: '', value: line };
    });
}
