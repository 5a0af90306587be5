/** A window of a list, as the admin API pages every list: skip `offset` items, return at most `limit`. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** One window of a list, with the size of the whole list. */
export interface Page<T> {
  items: T[];
  total: number;
}
