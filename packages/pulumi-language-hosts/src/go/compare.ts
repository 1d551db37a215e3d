/** Orders strings by their UTF-16 code units, as Go orders strings by bytes for ASCII: not by locale. */
export function compareStrings(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
