/**
 * Nest's webpack defaults, plus the Redis scripts: each `.lua` file imported by a repository is bundled
 * as its source text (see libs/enrollment/src/redis/lua.d.ts).
 */
module.exports = (options) => ({
  ...options,
  module: {
    ...options.module,
    rules: [...options.module.rules, { test: /\.lua$/, type: 'asset/source' }],
  },
});
