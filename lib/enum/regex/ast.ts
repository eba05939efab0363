import type { CharSet } from "./charset";

/** Zero-width assertions. `bol`/`eol` are boost's line anchors, `bob`/`eob` buffer anchors. */
export type AssertKind =
  | "bol"
  | "eol"
  | "bob"
  | "eob"
  | "eob-soft"
  | "word-boundary"
  | "not-word-boundary"
  | "word-start"
  | "word-end";

/** Where a node is in the pattern text: [start, end) offsets. */
export type SourceSpan = readonly [number, number];

/**
 * The parsed form of a pattern, shared by both dialects. Atoms, groups and repeats carry
 * their source span so tools (the export compiler) can rewrite a pattern in place.
 */
export type Node =
  | { readonly type: "empty" }
  | { readonly type: "char"; readonly set: CharSet; readonly span?: SourceSpan }
  | { readonly type: "seq"; readonly items: readonly Node[] }
  | { readonly type: "alt"; readonly branches: readonly Node[] }
  | { readonly type: "group"; readonly index: number; readonly body: Node; readonly span?: SourceSpan }
  | {
      readonly type: "repeat";
      readonly body: Node;
      readonly min: number;
      readonly max: number;
      readonly span?: SourceSpan;
    }
  | { readonly type: "assert"; readonly kind: AssertKind; readonly span?: SourceSpan };
