// Why: marked-terminal ships no types; this declares the one export gatewalk uses.

declare module 'marked-terminal' {
  export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): unknown;
}
