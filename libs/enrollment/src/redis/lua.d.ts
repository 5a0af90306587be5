/** A Redis script, imported as its source text (bundled by webpack's `asset/source`, loaded by test/support/lua-transform.js in jest). */
declare module '*.lua' {
  const source: string;
  export default source;
}
