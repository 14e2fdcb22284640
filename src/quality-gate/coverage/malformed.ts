/** Thrown by the parsers for content that does not follow its format; readCoverageFile names the file. */
export class MalformedReport extends Error {
  override name = 'MalformedReport'
}
