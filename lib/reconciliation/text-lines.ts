import { malformedStatement } from "./statement-importer";

/** No line of a statement comes near this; a longer one is not a statement. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * A text's lines (LF or CRLF) with their 1-based numbers, as the chunks
 * arrive: only the unfinished last line is held.
 */
export async function* textLines(text: AsyncIterable<string>): AsyncGenerator<{ text: string; number: number }> {
  let rest = "";
  let number = 0;
  for await (const chunk of text) {
    rest += chunk;
    let end = rest.indexOf("\n");
    while (end >= 0) {
      number += 1;
      yield { text: rest.slice(0, end).replace(/\r$/, ""), number };
      rest = rest.slice(end + 1);
      end = rest.indexOf("\n");
    }
    if (rest.length > MAX_LINE_CHARS) throw malformedStatement(number + 1, "line", `a line longer than ${MAX_LINE_CHARS} characters`);
  }
  if (rest !== "") yield { text: rest.replace(/\r$/, ""), number: number + 1 };
}
