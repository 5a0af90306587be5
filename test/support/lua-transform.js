/** Jest transform: a `.lua` file imports as its source text, as webpack bundles it for the built apps. */
'use strict';
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  },
};
