import type { z } from 'zod';

/**
 * A schema's issues as one message naming every bad field (`wifi.ssid: …; apps.0.args: is not a known
 * field`); an issue about the value as a whole is named `whole`.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], whole = 'body'): string {
  return issues
    .flatMap((issue) => {
      const path = issue.path.map(String);
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => `${[...path, key].join('.')}: is not a known field`);
      }
      return [`${path.join('.') || whole}: ${issue.message}`];
    })
    .join('; ');
}
