// Module hooks that print every resolved URL to stderr (used to check what an entry point loads).
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  process.stderr.write(`RESOLVED ${result.url}\n`);
  return result;
}
