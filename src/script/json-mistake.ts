/**
 * Where the config element's JSON goes wrong, for the message of its parse error (SPEC §9: an integration mistake says
 * what to fix): the engine's reason, the line, and the text around the place, marked `▶`, e.g.
 * `(Expected double-quoted property name), line 4 of the element (line 1 is its <script> tag's): "dnt": "strict", ▶}`.
 * No script can learn on which line of the page an element stands, but a script element's text is its source as
 * written (HTML decodes no character reference in it and only makes line ends `\n`): its line 1 is the line of the
 * `<script>` tag. Engines say where in their own words: V8 "… in JSON at position 11 (line 3 column 1)", Firefox "… at
 * line 3 column 1 of the JSON data"; for an unexpected token V8 gives no position but up to 10 characters each side of
 * it, after "..." where there was more before (v8/src/json/json-parser.cc), found again here. Safari names no place,
 * nor does V8 for an empty text ("Unexpected end of JSON input"): the message then is the engine's alone.
 */
export function jsonMistake(text: string, message: string): string {
  const [, token, more, around] = /^Unexpected token '(.+?)', (\.{3})?"([^]*)"(\.{3})? is not valid JSON$/.exec(message) ?? [];
  const [, line, column] = /line (\d+) column (\d+)/.exec(message) ?? [];
  const position = /position (\d+)/.exec(message)?.[1];
  const at = token
    ? more
      ? text.indexOf(around!) + 10
      : text.indexOf(token)
    : position
      ? +position
      : line
        ? text.split('\n', +line - 1).reduce((sum, each) => sum + each.length + 1, +column! - 1)
        : -1;
  if (at < 0) return `(${message})`;
  const where = `${text.slice(Math.max(0, at - 20), at)}▶${text.slice(at, at + 10)}`.replace(/\s+/g, ' ').trim();
  return `(${token ? `Unexpected token '${token}'` : message.replace(/ (in JSON )?at position.*/, '')}), line ${text.slice(0, at).split('\n').length} of the element (line 1 is its <script> tag's): ${where}`;
}
