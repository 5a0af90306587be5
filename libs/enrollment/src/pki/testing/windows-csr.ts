/** The Windows-shaped request builder lives beside the parser now; specs keep importing it from here. */
export { windowsCsr } from '../windows-csr';
export type { WindowsCsrOptions } from '../windows-csr';
