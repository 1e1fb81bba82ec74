/**
 * Finds the Jupyter kernel the code runs in and speaks its display API, so one call shows a MIME
 * bundle in Deno's kernel, tslab or ijavascript, and can replace it in place later (a live panel).
 *
 * Every kernel is found through what it puts in the global scope while it runs a cell, never by
 * importing it: the module loads in browsers, workers, Bun and plain Node unchanged.
 *
 * - Deno: `Deno.jupyter.display(bundle, { raw: true, display_id, update })` (Deno 2).
 * - tslab: the kernel's own `tslab` module, taken from the `__tslab__.require` it installs for its
 *   cells (a `require('tslab')` from this package could find another copy, or none). Its `display`
 *   sends one MIME type per message, so the richest type the bundle has is sent.
 * - ijavascript: the `$$` of the running cell (`$$.display(id).mime(bundle)`).
 *
 * @module
 */

/** A MIME bundle: MIME type to data (strings, or JSON objects for `application/*+json`). */
export type MimeBundle = Readonly<Record<string, unknown>>;

/** The kernels finetune-kit can show rich output in. */
export type KernelName = 'deno' | 'tslab' | 'ijavascript';

/** One display area in the notebook, shown once and replaceable in place. */
export interface KernelDisplayHandle {
  /** Replaces what the area shows. */
  update(bundle: MimeBundle): Promise<void>;
}

/** The display API of the kernel in use. */
export interface KernelDisplay {
  readonly name: KernelName;
  /** Shows a bundle as a new output of the running cell. */
  show(bundle: MimeBundle): Promise<void>;
  /** Shows a bundle in an area that {@link KernelDisplayHandle.update} replaces later. */
  open(bundle: MimeBundle): Promise<KernelDisplayHandle>;
}

/** The key Jupyter kernels (Deno's among them) call to get an object's rich display. */
export const JUPYTER_DISPLAY_SYMBOL = Symbol.for('Jupyter.display');

/** tslab's display sends a single type: the first of these the bundle has. */
const TSLAB_PREFERENCE = ['text/html', 'image/svg+xml', 'text/markdown', 'text/plain'] as const;

interface DenoJupyter {
  display(bundle: MimeBundle, options: { raw: true; display_id?: string; update?: boolean }): Promise<void>;
}
interface TslabDisplay {
  raw(contentType: string, data: string): unknown;
}
interface TslabModule {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}
interface NelDisplay {
  mime(bundle: MimeBundle): void;
}
interface NelContext {
  display(id?: string): NelDisplay;
}

let displayIds = 0;

/** A display id unique in this process (Deno needs one from the caller). */
function nextDisplayId(): string {
  displayIds += 1;
  return `finetune-kit-${Date.now().toString(36)}-${displayIds}`;
}

/**
 * The display API of the kernel running this code, or `null` outside a notebook (scripts, tests,
 * REPLs, `deno run`).
 *
 * @param scope - Where to look for the kernels' globals (tests pass a fake scope).
 * @returns The kernel's display, or `null`.
 */
export function detectKernel(scope: object = globalThis): KernelDisplay | null {
  const globals = scope as Record<string, unknown>;
  const deno = denoJupyter(globals.Deno);
  if (deno) return denoDisplay(deno);
  const tslab = tslabModule(globals.__tslab__);
  if (tslab) return tslabDisplay(tslab);
  const nel = globals.$$;
  if (isObject(nel) && typeof nel.display === 'function') return nelDisplay(nel as unknown as NelContext);
  return null;
}

function denoJupyter(deno: unknown): DenoJupyter | null {
  if (!isObject(deno)) return null;
  // `Deno.jupyter` exists only in `deno jupyter`'s kernel; reading it elsewhere must not throw.
  let jupyter: unknown;
  try {
    jupyter = deno.jupyter;
  } catch {
    return null;
  }
  return isObject(jupyter) && typeof jupyter.display === 'function'
    ? (jupyter as unknown as DenoJupyter)
    : null;
}

function tslabModule(hook: unknown): TslabModule | null {
  if (!isObject(hook) || typeof hook.require !== 'function') return null;
  try {
    const tslab = (hook.require as (id: string) => unknown)('tslab');
    if (isObject(tslab) && isObject(tslab.display) && typeof tslab.newDisplay === 'function') {
      return tslab as unknown as TslabModule;
    }
  } catch {
    // Not tslab's hook after all: no kernel.
  }
  return null;
}

function denoDisplay(jupyter: DenoJupyter): KernelDisplay {
  return {
    name: 'deno',
    show: (bundle) => jupyter.display(bundle, { raw: true }),
    async open(bundle) {
      const id = nextDisplayId();
      await jupyter.display(bundle, { raw: true, display_id: id });
      return { update: (next) => jupyter.display(next, { raw: true, display_id: id, update: true }) };
    },
  };
}

function tslabDisplay(tslab: TslabModule): KernelDisplay {
  const send = (target: TslabDisplay, bundle: MimeBundle): void => {
    const type = TSLAB_PREFERENCE.find((candidate) => typeof bundle[candidate] === 'string');
    if (type) target.raw(type, bundle[type] as string);
  };
  return {
    name: 'tslab',
    show: async (bundle) => send(tslab.display, bundle),
    async open(bundle) {
      // A Display of newDisplay() sends display_data first, then update_display_data for its id.
      const target = tslab.newDisplay();
      send(target, bundle);
      return { update: async (next) => send(target, next) };
    },
  };
}

function nelDisplay(context: NelContext): KernelDisplay {
  return {
    name: 'ijavascript',
    show: async (bundle) => context.display().mime(bundle),
    async open(bundle) {
      // ijavascript sends display_data for the first bundle of an id and update_display_data after.
      const target = context.display(nextDisplayId());
      target.mime(bundle);
      return { update: async (next) => target.mime(next) };
    },
  };
}

/**
 * The MIME bundle a value gives through `Symbol.for('Jupyter.display')`, or `null` when it has
 * none (or its display method throws or returns something that is not an object).
 *
 * @param value - Any value.
 * @returns The bundle, or `null`.
 */
export async function mimeBundleOf(value: unknown): Promise<MimeBundle | null> {
  if (!isObject(value) && typeof value !== 'function') return null;
  const method = (value as Record<symbol, unknown>)[JUPYTER_DISPLAY_SYMBOL];
  if (typeof method !== 'function') return null;
  const bundle: unknown = await method.call(value);
  return isObject(bundle) ? bundle : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
