/** A body parsed as JSON, or undefined when it is not JSON (a proxy's error page): the status then says what happened. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
