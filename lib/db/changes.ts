// Rule-change notifications within one process: every mutation that publishes a revision
// tells the listeners (the embedded DNS responder) after its commit, and waits for them.
import type { PublishedState } from "./state";

/** Called after a mutation committed a new revision; resolves when the listener has caught up. */
export type RulesChangedListener = (published: PublishedState) => Promise<void> | void;

const LISTENERS_KEY = Symbol.for("enum-console.rule-change-listeners");

type GlobalWithListeners = typeof globalThis & { [LISTENERS_KEY]?: Set<RulesChangedListener> };

/**
 * Registers a listener for published rule changes and returns its removal. The registry
 * lives on globalThis: Next evaluates this module once per bundle (instrumentation and
 * every route handler), and a change made in a route must reach the responder started
 * from instrumentation.
 */
export function onRulesChanged(listener: RulesChangedListener): () => void {
  const listeners = getListeners();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/**
 * Tells every listener that `published` was committed, and waits for all of them, so the
 * HTTP response to a change leaves only once the responder serves it (a fire-and-forget
 * reload was seen to lose that race). Call it AFTER the transaction commits. A failing
 * listener is logged and never fails the mutation: the change is already stored, and the
 * responder's revision poll picks it up.
 */
export async function publishRulesChanged(published: PublishedState): Promise<void> {
  const listeners = [...getListeners()];
  if (listeners.length === 0) return;
  await Promise.all(
    listeners.map(async (listener) => {
      try {
        await listener(published);
      } catch (error) {
        console.error(
          `rules changed (revision ${published.revision}): a listener failed:`,
          error instanceof Error ? error.message : error,
        );
      }
    }),
  );
}

function getListeners(): Set<RulesChangedListener> {
  const store = globalThis as GlobalWithListeners;
  return (store[LISTENERS_KEY] ??= new Set());
}
